import type { EventFilter } from '../event-store.port.js';

/**
 * EventStoreDB filters $all on the server by stream name *or* by event type, never both at once. The
 * plan picks the more selective one for the server and `matchesFilter` checks everything on the client.
 */
export type ServerFilterPlan =
  | { on: 'streamName'; prefixes: string[] }
  | { on: 'eventType'; regex: string }
  /** No restriction asked for: the server still drops system events ($-prefixed types). */
  | { on: 'nonSystemEventTypes' };

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function planServerFilter(filter: EventFilter | undefined): ServerFilterPlan {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  // Stream prefixes are our categories (`consent-`, `case-`): they cut $all down the most.
  if (prefixes.length > 0) return { on: 'streamName', prefixes: [...prefixes] };
  if (types.length > 0) return { on: 'eventType', regex: `^(?:${types.map(escapeRegex).join('|')})$` };
  return { on: 'nonSystemEventTypes' };
}

export const isSystemEvent = (streamName: string, type: string): boolean =>
  streamName.startsWith('$') || type.startsWith('$');

/** The complete filter, system events always excluded; applied to whatever the server sends. */
export function matchesFilter(filter: EventFilter | undefined, streamName: string, type: string): boolean {
  if (isSystemEvent(streamName, type)) return false;
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0 && !prefixes.some((prefix) => streamName.startsWith(prefix))) return false;
  const types = filter?.eventTypes ?? [];
  return types.length === 0 || types.includes(type);
}
