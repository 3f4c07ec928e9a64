import { ConflictError, ValidationError } from '../shared/errors.js';
import { CASEWORKER, PERSON_ID, T1 } from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';
import { DOCUMENT_MAX_BYTES, documentDecider, type DocumentEvent, type StoreDocument } from './document.rules.js';

const { given } = specification(documentDecider);
const DOCUMENT_ID = '00000000-0000-4000-8000-0000000000d1';
const pdf = Buffer.from('%PDF-1.7 Aufenthaltstitel');

const store = (o: Partial<StoreDocument['data']> = {}): StoreDocument => ({
  type: 'StoreDocument',
  data: {
    documentId: DOCUMENT_ID,
    personId: PERSON_ID,
    kind: 'residence-permit',
    contentType: 'application/pdf',
    fileName: 'titel.pdf',
    content: pdf,
    sha256: 'abc',
    validUntil: '2027-03-31',
    storedBy: CASEWORKER,
    at: T1,
    ...o,
  },
});

const stored: DocumentEvent = {
  type: 'DocumentStored',
  data: {
    documentId: DOCUMENT_ID,
    personId: PERSON_ID,
    kind: 'residence-permit',
    contentType: 'application/pdf',
    size: pdf.length,
    sha256: 'abc',
    validUntil: '2027-03-31',
    storedBy: CASEWORKER,
    personal: { fileName: 'titel.pdf', contentBase64: pdf.toString('base64') },
  },
};

describe('documents (issue 16, item 5)', () => {
  it('stores a typed document: content and file name as personal data, expiry in the clear', () =>
    given([]).when(store()).then([stored]));

  it.each([
    ['a PNG', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])],
    ['a JPEG', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1])],
  ])('accepts %s whose bytes match its type', (_name, contentType, content) =>
    given([])
      .when(store({ contentType, content }))
      .thenMatches((events) => expect(events[0]!.data).toMatchObject({ contentType, size: content.length })),
  );

  it('refuses a file whose bytes do not match the declared type', () =>
    given([])
      .when(store({ content: Buffer.from('MZ\x90\x00 not a pdf') }))
      .thenThrows(ValidationError, 'is not a application/pdf file'));

  it('refuses a content type outside the list', () =>
    given([])
      .when(store({ contentType: 'application/x-msdownload' }))
      .thenThrows(ValidationError, 'contentType'));

  it('refuses an empty file and one above the size limit', () => {
    given([])
      .when(store({ content: Buffer.alloc(0) }))
      .thenThrows(ValidationError, 'contentBase64');
    const big = Buffer.concat([pdf, Buffer.alloc(DOCUMENT_MAX_BYTES)]);
    given([])
      .when(store({ content: big }))
      .thenThrows(ValidationError, 'contentBase64');
  });

  it('refuses an unknown kind and a malformed expiry', () => {
    given([])
      .when(store({ kind: 'diary' as 'other' }))
      .thenThrows(ValidationError, 'kind');
    given([])
      .when(store({ validUntil: '2027-02-30' }))
      .thenThrows(ValidationError, 'validUntil');
  });

  it('refuses to store a second document under the same id', () =>
    given([stored]).when(store()).thenThrows(ConflictError, 'exists already'));
});
