import type { StructuralFindingRecorded } from '../src/findings/findings.events.js';
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

export const findingsProjection: ProjectionDefinition<StructuralFindingRecorded> = {
  name: 'findings',
  version: 1,
  collections: [{ name: FINDINGS, indexes: ['recordedOn', 'topic', 'agencies', 'municipalities'] }],
  eventTypes: ['StructuralFindingRecorded'],
  apply(event, ctx) {
    const d = event.data;
    const doc: FindingDoc = {
      findingId: d.findingId,
      topic: d.topic,
      title: d.title ?? '',
      description: d.description,
      agencies: d.agencies ?? [],
      municipalities: d.municipalities ?? [],
      caseCount: Number(d.caseCount),
      recordedOn: germanDate(event.metadata.occurredAt),
      recordedAt: event.metadata.occurredAt,
    };
    ctx.put(FINDINGS, doc.findingId, doc);
  },
};
