import type { EvaluatedRow } from './results.js';
import { round } from './stats.js';

/**
 * For missed targets: the measured facts of the same run that stand in the way, appended to the row's
 * note. Only relations backed by a figure of this run are stated; anything else is left to the reader.
 */
export function explainMisses(rows: EvaluatedRow[]): void {
  const find = (id: string, metric: string) => rows.find((r) => r.id === id && r.metric.startsWith(metric));
  const fsyncP99 = find('F', 'fdatasync p99');
  const add = (row: EvaluatedRow, text: string) => (row.inTheWay = [...(row.inTheWay ?? []), text]);
  for (const row of rows.filter((r) => r.met === false)) {
    const latency = row.unit === 'ms' && /p99/.test(row.metric);
    if (latency && fsyncP99 && ['B1', 'B2'].includes(row.id)) {
      add(
        row,
        `a durable commit waits for at least one fdatasync, whose own p99 on this disk in this run was ${fsyncP99.value} ms`,
      );
    }
    if (row.id === 'B1' && row.limit === 'W1' && row.peers?.naive !== undefined) {
      const w1 = find('W1', 'raw single-row');
      if (w1) {
        add(
          row,
          `W1 commits one 500-byte row; a command here checks its revision and writes 1–3 events of ~700 bytes: ` +
            `the naive peer doing the same commands (no chain, no group commit) reached ` +
            `${round(row.peers.naive / w1.value, 2)} × W1 in this run`,
        );
      }
    }
    if (row.id === 'B5' && row.unit === 'events/s') {
      const withIndexes = find('B5', 'diag: commit of');
      const without = find('B5', 'diag: the same without');
      if (withIndexes && without) {
        add(
          row,
          `one read-store commit of 500 audit entries took ${withIndexes.value} ms with the audit trail's indexes ` +
            `and ${without.value} ms without them (B5 diag rows): a rebuild defers them to the swap, but every ` +
            'row is still one SQLite B-tree insert per document and id, on one core',
        );
      }
    }
    if ((row.id === 'B7' && row.metric === 'POST p99') || (row.id === 'S1' && latency)) {
      const lag = find('B6', 'p99 commit');
      if (lag) {
        add(
          row,
          `commands no longer wait for read models, but projections share the process (and its event loop unless ` +
            `they run in a worker); under write load their lag had a p99 of ${lag.value} ms in B6`,
        );
      }
    }
    if (row.id === 'B7' && row.unit === 'req/s' && row.target) {
      const verb = row.metric.startsWith('POST') ? 'POST' : row.metric.includes('/persons') ? 'GET person' : 'GET case';
      const cpu = find('B7', `server CPU per ${verb}`);
      const floorCpu = find('floorCPU', 'server CPU per floor');
      const floor = find('floor', 'Nest + ValidationPipe');
      const wanted =
        row.target.kind === 'ratio-at-least' && floor
          ? floor.value * row.target.factor
          : row.target.kind === 'at-least'
            ? row.target.min
            : undefined;
      if (cpu && floorCpu && wanted !== undefined) {
        add(
          row,
          `the server used ${cpu.value} ms of CPU per ${verb} (all its threads; the floor ${floorCpu.value} ms): ` +
            `${round(wanted)} requests/s would need ${round((wanted * cpu.value) / 1000, 1)} cores of this machine, which has 2 ` +
            'shared with the load generator',
        );
      }
    }
    if (row.id === 'B6') {
      const projecting = find('B6', 'write rate while projecting');
      const alone = find('B2', 'events/s, 64 writers');
      if (projecting && alone) {
        add(
          row,
          `with the projections running in the same process the 64 writers reached ${projecting.value} events/s, ` +
            `without them (B2) ${alone.value} events/s: projection batches and appends share one event loop and one disk`,
        );
      }
    }
  }
}
