import { isIsoDate, requireInstant } from '../shared/calendar.js';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { ConflictError, ValidationError, type FieldProblem } from '../shared/errors.js';

/**
 * Documents of a participant (issue 16, item 5): certificates, permits, signed consent forms. Stream
 * `document-<documentId>`; the content and the file name are `personal`, encrypted under the person's
 * key, so an erasure (crypto-shredding) takes them with it. Kind, type, size, checksum and expiry stay
 * readable: the Wiedervorlage brings a document up before it expires.
 */
export const DOCUMENT_KINDS = [
  { code: 'residence-permit', label: 'Aufenthaltstitel' },
  { code: 'fiktionsbescheinigung', label: 'Fiktionsbescheinigung' },
  { code: 'identity-document', label: 'Pass oder Ausweisersatz' },
  { code: 'certificate', label: 'Zeugnis oder Zertifikat' },
  { code: 'recognition-notice', label: 'Anerkennungsbescheid' },
  { code: 'benefit-notice', label: 'Leistungsbescheid' },
  { code: 'signed-consent-form', label: 'Unterschriebene Einwilligung' },
  { code: 'other', label: 'Sonstiges Dokument' },
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]['code'];
export const DOCUMENT_KIND_CODES = DOCUMENT_KINDS.map((k) => k.code) as readonly DocumentKind[];

/** What the office files: PDFs and photos of papers. Each type is checked against the file's first bytes. */
export const DOCUMENT_SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};
export const DOCUMENT_CONTENT_TYPES = Object.keys(DOCUMENT_SIGNATURES);

/** Largest document: a scanned multi-page permit fits, a video does not. */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Uploads come as JSON with the content in base64; up to this content type's own body limit, since
 * the API's general JSON limit is far smaller (KIM_BODY_LIMIT_BYTES).
 */
export const DOCUMENT_UPLOAD_CONTENT_TYPE = 'application/vnd.kim.document+json';
export const DOCUMENT_UPLOAD_BODY_LIMIT = Math.ceil((DOCUMENT_MAX_BYTES * 4) / 3) + 64 * 1024;

export type DocumentStored = DomainEvent<
  'DocumentStored',
  {
    documentId: string;
    personId: string;
    caseId?: string;
    kind: DocumentKind;
    contentType: string;
    size: number;
    sha256: string;
    /** Expiry of the paper itself (a permit's end), YYYY-MM-DD. */
    validUntil?: string;
    storedBy: string;
    personal: { fileName?: string; contentBase64: string };
  }
>;
export type DocumentEvent = DocumentStored;

export type StoreDocument = {
  type: 'StoreDocument';
  data: {
    documentId: string;
    personId: string;
    caseId?: string;
    kind: DocumentKind;
    contentType: string;
    fileName?: string;
    content: Uint8Array;
    sha256: string;
    validUntil?: string;
    storedBy: string;
    at: string;
  };
};

export interface StoredDocument {
  stored: boolean;
  personId?: string;
}

const startsWith = (content: Uint8Array, signature: readonly number[]) =>
  content.length >= signature.length && signature.every((byte, i) => content[i] === byte);

export const documentDecider: Decider<StoreDocument, DocumentEvent, StoredDocument> = {
  initialState: () => ({ stored: false }),
  evolve: (_state, event) => ({ stored: true, personId: event.data.personId }),
  decide: (command, state) => {
    const d = command.data;
    requireInstant(d.at);
    const problems: FieldProblem[] = [];
    const add = (field: string, message: string, check: string) =>
      problems.push({ field, message: `${field} ${message}`, check });
    if (!DOCUMENT_KIND_CODES.includes(d.kind)) add('kind', `must be one of ${DOCUMENT_KIND_CODES.join(', ')}`, 'isIn');
    const signature = DOCUMENT_SIGNATURES[d.contentType];
    if (!signature) {
      add('contentType', `must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`, 'isIn');
    } else if (!startsWith(d.content, signature)) {
      // A declared type the bytes do not bear out: a renamed file, or something else in disguise.
      add('contentBase64', `is not a ${d.contentType} file`, 'contentMismatch');
    }
    if (d.content.length === 0 || d.content.length > DOCUMENT_MAX_BYTES) {
      add('contentBase64', `must hold 1 to ${DOCUMENT_MAX_BYTES} bytes`, 'tooLarge');
    }
    if (d.validUntil !== undefined && !isIsoDate(d.validUntil))
      add('validUntil', 'must be a date (YYYY-MM-DD)', 'isIso8601');
    if (problems.length > 0) {
      throw new ValidationError(
        problems.map((p) => p.message).join('; '),
        problems.map((p) => p.field),
        problems,
      );
    }
    if (state.stored) throw new ConflictError(`document ${d.documentId} exists already`);
    return [
      {
        type: 'DocumentStored',
        data: {
          documentId: d.documentId,
          personId: d.personId,
          ...(d.caseId ? { caseId: d.caseId } : {}),
          kind: d.kind,
          contentType: d.contentType,
          size: d.content.length,
          sha256: d.sha256,
          ...(d.validUntil ? { validUntil: d.validUntil } : {}),
          storedBy: d.storedBy,
          personal: {
            ...(d.fileName ? { fileName: d.fileName } : {}),
            contentBase64: Buffer.from(d.content).toString('base64'),
          },
        },
      },
    ];
  },
};
