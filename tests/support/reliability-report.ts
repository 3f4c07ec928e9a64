import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Figures of the reliability suite: each test prints the numbers it measured in one line a reader can quote
 * (`acknowledged appends lost: 0 of 20,000`) and leaves one JSON row under tests/reliability/results/ so a
 * run can be compared with the next one. See tests/reliability/results/README.md for the format.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(root, 'tests/reliability/results');

export interface Figure {
  /** What was counted, e.g. "acknowledged commands lost". */
  label: string;
  value: number;
  /** The population it was counted in, when there is one ("0 of 20,000"). */
  of?: number;
}

export interface ResultRow {
  /** Stable name of the scenario, e.g. "server-crash". */
  scenario: string;
  /** "fast" (runs with npm test) or "long" (npm run test:reliability). */
  variant: 'fast' | 'long';
  seed: number;
  /** The main size of the run (requests, commands, kills …), as the scenario defines it. */
  n: number;
  figures: Figure[];
  /** What the run does NOT prove (e.g. "SIGKILL is not a power cut"). */
  caveats?: string[];
}

const formatted = (n: number) => n.toLocaleString('en-US');

export const figureLine = (f: Figure) =>
  `${f.label}: ${formatted(f.value)}${f.of !== undefined ? ` of ${formatted(f.of)}` : ''}`;

/** The seed of a run: KIM_SEED when given (to replay a failure), else a fresh one that is printed. */
export function runSeed(): number {
  const given = Number(process.env.KIM_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

let versionsCache: Record<string, string> | undefined;
function versions(): Record<string, string> {
  if (versionsCache) return versionsCache;
  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      return 'unknown';
    }
  };
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the row still says everything else
  }
  versionsCache = {
    product: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    commit,
    node: process.version,
    betterSqlite3: pkg('better-sqlite3'),
    fastify: pkg('fastify'),
    nest: pkg('@nestjs/core'),
    fastCheck: pkg('fast-check'),
    os: `${platform()} ${release()}`,
    cpus: String(cpus().length),
  };
  return versionsCache;
}

/** Prints every figure (one line each, prefixed by the scenario) and writes the JSON row. */
export function report(row: ResultRow): void {
  const lines = [
    `[${row.scenario}/${row.variant}] seed ${row.seed}, N ${formatted(row.n)}`,
    ...row.figures.map((f) => `  ${figureLine(f)}`),
    ...(row.caveats ?? []).map((c) => `  note: ${c}`),
  ];
  console.log(lines.join('\n'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = { ...row, at: new Date().toISOString(), versions: versions() };
  writeFileSync(join(RESULTS_DIR, `${row.scenario}.${row.variant}.json`), `${JSON.stringify(out)}\n`);
}

/** A small seeded PRNG (mulberry32): the same seed replays the same kill moments and request mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
