import type { RecordedEvent } from '../event-store.port.js';
import type { EventMetadata } from '../../shared/event-metadata.js';

/** The columns every read selects, joined with the stream name. */
export const EVENT_COLUMNS =
  'e.position AS position, s.name AS stream, e.revision AS revision, e.id AS id, e.type AS type, ' +
  'e.data AS data, e.metadata AS metadata, e.recorded_at AS recordedAt';

export interface EventRow {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  streamName: row.stream,
  revision: row.revision,
  position: BigInt(row.position),
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  recordedAt: row.recordedAt,
});
