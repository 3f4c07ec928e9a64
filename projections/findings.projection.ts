import type { FindingRedacted, StructuralFindingRecorded } from '../src/findings/findings.events.js';
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

/** The text with each range replaced, last first so earlier offsets stay right. */
function blank(text: string, ranges: { start: number; end: number }[]): string {
  return [...ranges]
    .sort((a, b) => b.start - a.start)
    .reduce((t, r) => `${t.slice(0, r.start)}[entfernt]${t.slice(r.end)}`, text);
}

export const findingsProjection: ProjectionDefinition<StructuralFindingRecorded | FindingRedacted> = {
  name: 'findings',
  version: 1,
  collections: [{ name: FINDINGS, indexes: ['recordedOn', 'topic', 'agencies', 'municipalities'] }],
  eventTypes: ['StructuralFindingRecorded', 'FindingRedacted'],
  async apply(event, ctx) {
    if (event.type === 'FindingRedacted') {
      const doc = await ctx.get<FindingDoc>(FINDINGS, event.data.findingId);
      if (!doc) return;
      const of = (field: 'title' | 'description') => event.data.ranges.filter((r) => r.field === field);
      ctx.put(FINDINGS, doc.findingId, {
        ...doc,
        title: blank(doc.title, of('title')),
        description: blank(doc.description, of('description')),
        redacted: true,
      });
      return;
    }
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
