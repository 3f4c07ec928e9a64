/**
 * Failures of the personal-data encryption. None of them carries key material or plaintext: messages
 * end up in logs, and a log line must never become a copy of what crypto-shredding destroyed.
 */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** A wrapped person key that the configured master key cannot open: wrong master key or altered key document. */
export class KeyUnwrapError extends Error {
  constructor(readonly personId: string) {
    super(
      `cannot unwrap the key of person ${personId}: the master key differs from the one it was wrapped with, ` +
        'or the key document was altered',
    );
    this.name = 'KeyUnwrapError';
  }
}

/** A ciphertext that fails authentication: altered, truncated, or moved to another person's event. */
export class PersonalDataIntegrityError extends Error {
  constructor(
    readonly personId: string,
    detail: string,
  ) {
    super(`personal data of person ${personId} failed authentication: ${detail}`);
    this.name = 'PersonalDataIntegrityError';
  }
}

/**
 * Personal data offered for encryption after the person's key was shredded. Creating a fresh key would
 * silently bring an erased person back (Art. 17 DSGVO), so this is refused.
 */
export class PersonErasedError extends Error {
  constructor(readonly personId: string) {
    super(`person ${personId} has been erased; new personal data cannot be stored for them`);
    this.name = 'PersonErasedError';
  }
}
