/**
 * What the application layer needs from src/crypto: encryption of the `personal` part of event data
 * with the person's key, and decryption that yields `{ erased: true }` once the key is destroyed.
 */
export interface PersonalDataProtector {
  encryptEventData(data: Record<string, unknown>): Promise<Record<string, unknown>>;
  decryptEventData(data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export const PERSONAL_DATA_PROTECTOR = Symbol('PersonalDataProtector');
