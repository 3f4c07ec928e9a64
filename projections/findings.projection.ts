import { germanDate } from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

export const FINDINGS = 'findings';

/** Read model of the structural findings; who recorded one stays in the event stream (input control). */
export interface FindingDoc {
  [key: string]: unknown;
  findingId: string;
  topic: string;
  title: string;
  description: string;
  agencies: string[];
  municipalities: string[];
  caseCount: number;
  recordedOn: string;
  recordedAt: string;
}

export const findingsProjection: ProjectionDefinition = {
  name: 'findings',
  version: 1,
  collections: [{ name: FINDINGS, indexes: ['recordedOn', 'topic', 'agencies', 'municipalities'] }],
  eventTypes: ['StructuralFindingRecorded'],
  apply(event, ctx) {
    const d = event.data;
    const doc: FindingDoc = {
      findingId: String(d.findingId),
      topic: String(d.topic),
      title: String(d.title ?? ''),
      description: String(d.description),
      agencies: (d.agencies as string[]) ?? [],
      municipalities: (d.municipalities as string[]) ?? [],
      caseCount: Number(d.caseCount),
      recordedOn: germanDate(event.metadata.occurredAt),
      recordedAt: event.metadata.occurredAt,
    };
    ctx.put(FINDINGS, doc.findingId, doc);
  },
};
