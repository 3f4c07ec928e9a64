/**
 * What every benchmark hands back: rows of measured figures. A row names the calibrated limit it is
 * compared with (measured in the same run, because the machines are noisy), an optional target and
 * optional peer figures of the same workload. The runner evaluates targets once all limits are known.
 */
/**
 * F, W1, C, RP: the disk and SQLite; H: an empty NestJS endpoint; floor/floorN: the least a durable command
 * endpoint does on this stack (issue 19), with floorCPU/floorNCPU their server CPU per request.
 */
export type LimitName = 'F' | 'W1' | 'C' | 'RP' | 'H' | 'floor' | 'floorN' | 'floorCPU' | 'floorNCPU';

export type Target =
  /** value ≥ factor × limit */
  | { kind: 'ratio-at-least'; factor: number }
  /** value ≤ factor × limit (CPU per request against a floor's) */
  | { kind: 'ratio-at-most'; factor: number }
  /** value ≤ max (latencies, memory, error counts) */
  | { kind: 'at-most'; max: number }
  /** value ≥ min (a fixed figure, e.g. a multiple of an earlier run's; the workload says which) */
  | { kind: 'at-least'; min: number }
  /** value ≥ factor × the named peer's figure */
  | { kind: 'peer-at-least'; peer: string; factor: number };

export interface Row {
  id: string;
  metric: string;
  value: number;
  unit: string;
  /** The value of each run; `value` is their median. */
  runs?: number[];
  limit?: LimitName;
  target?: Target;
  /** Peer name → the peer's figure for the same workload and unit. */
  peers?: Record<string, number>;
  workload?: string;
  note?: string;
}

export interface EvaluatedRow extends Row {
  ratio?: number;
  targetText?: string;
  met?: boolean;
  /** How far a missed target is off, in words. */
  missedBy?: string;
  ourOverPeer?: Record<string, number>;
  /** For a missed target: measured facts of the same run that stand in the way (see explain.ts). */
  inTheWay?: string[];
}

export interface Skipped {
  id: string;
  reason: string;
}

export type Limits = Partial<Record<LimitName, number>>;

const r2 = (v: number) => Math.round(v * 100) / 100;

export function evaluate(row: Row, limits: Limits): EvaluatedRow {
  const out: EvaluatedRow = { ...row };
  const limit = row.limit ? limits[row.limit] : undefined;
  if (limit) out.ratio = r2(row.value / limit);
  if (row.peers) {
    out.ourOverPeer = Object.fromEntries(
      Object.entries(row.peers).map(([name, figure]) => [name, figure > 0 ? r2(row.value / figure) : NaN]),
    );
  }
  const target = row.target;
  if (!target) return out;
  if (Number.isNaN(row.value)) {
    out.met = false;
    out.missedBy = 'nothing to measure: no successful request inside the measured window';
    return out;
  }
  switch (target.kind) {
    case 'ratio-at-least': {
      out.targetText = `≥ ${target.factor} × ${row.limit}`;
      if (limit === undefined) break;
      const needed = target.factor * limit;
      out.met = row.value >= needed;
      if (!out.met)
        out.missedBy = `${r2(out.ratio!)} × ${row.limit} instead of ${target.factor} (${pct(row.value, needed)})`;
      break;
    }
    case 'ratio-at-most': {
      out.targetText = `≤ ${target.factor} × ${row.limit}`;
      if (limit === undefined) break;
      const allowed = target.factor * limit;
      out.met = row.value <= allowed;
      if (!out.met)
        out.missedBy = `${r2(out.ratio!)} × ${row.limit} instead of ≤ ${target.factor} (${pct(row.value, allowed)})`;
      break;
    }
    case 'at-least':
      out.targetText = `≥ ${target.min} ${row.unit}`;
      out.met = row.value >= target.min;
      if (!out.met)
        out.missedBy = `${row.value} ${row.unit} instead of ≥ ${target.min} (${pct(row.value, target.min)})`;
      break;
    case 'at-most':
      out.targetText = `≤ ${target.max} ${row.unit}`;
      out.met = row.value <= target.max;
      if (!out.met)
        out.missedBy = `${row.value} ${row.unit} instead of ≤ ${target.max} (${pct(row.value, target.max)})`;
      break;
    case 'peer-at-least': {
      out.targetText = `≥ ${target.factor} × ${target.peer}`;
      const peer = row.peers?.[target.peer];
      if (peer === undefined) break;
      out.met = row.value >= target.factor * peer;
      if (!out.met) out.missedBy = `${r2(row.value / peer)} × ${target.peer} instead of ${target.factor}`;
      break;
    }
    default:
      return assertNever(target);
  }
  return out;
}

function pct(value: number, needed: number): string {
  const d = Math.round(((value - needed) / needed) * 100);
  return `${d > 0 ? '+' : ''}${d}% of the target`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
