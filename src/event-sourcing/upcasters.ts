import { CASE_UPCASTERS } from '../case-management/case.upcasters.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { PERSON_FILE_UPCASTERS } from '../person-file/person-file.upcasters.js';
import { CURRENT_SCHEMA_VERSION, type Upcaster } from './event-codec.js';

/**
 * Every upcaster of the event model, in one table: deciders read through the EventCodec, projections through
 * applyBatch — both lift the same old shapes the same way (docs/event-model.md, "How old events stay readable").
 */
export const UPCASTERS: Readonly<Record<string, Upcaster>> = { ...CASE_UPCASTERS, ...PERSON_FILE_UPCASTERS };

/**
 * A stored event as a projection must see it: data of an older schema lifted to the current shape. Only
 * `data` changes; the stored event and its hash stay as they are. Personal data stay sealed (no upcaster
 * touches `personal`).
 */
export function upcastRecorded(recorded: RecordedEvent, upcasters = UPCASTERS): RecordedEvent {
  const upcast = upcasters[recorded.type];
  if (!upcast || recorded.metadata.schemaVersion >= CURRENT_SCHEMA_VERSION) return recorded;
  return { ...recorded, data: upcast(recorded.data, recorded.metadata.schemaVersion, recorded) };
}
