import type { DocumentEvent } from '../src/documents/document.rules.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * The documents of each person, without their content or file name (those stay in the event, encrypted):
 * what the list of a person's documents shows. Pseudonymous metadata.
 */
export interface DocumentDoc {
  [key: string]: unknown;
  documentId: string;
  personId: string;
  caseId?: string;
  kind: string;
  contentType: string;
  size: number;
  validUntil?: string;
  storedAt: string;
  storedBy: string;
}

export const DOCUMENTS = 'documents';

export const documentsProjection: ProjectionDefinition<DocumentEvent> = {
  name: 'documents',
  version: 1,
  collections: [{ name: DOCUMENTS, indexes: ['personId', 'storedAt'] }],
  eventTypes: ['DocumentStored'],
  apply(event, ctx) {
    const { personal: _content, sha256: _sha, ...meta } = event.data;
    ctx.put(DOCUMENTS, meta.documentId, { ...meta, storedAt: event.metadata.occurredAt });
  },
};
