import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { EvaluatedRow, Limits, Skipped } from './results.js';

export interface RunReport {
  date: string;
  mode: string;
  argv: string[];
  dir: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    loadBefore: number[];
    loadAfter: number[];
    node: string;
  };
  limits: Limits;
  rows: EvaluatedRow[];
  skipped: Skipped[];
  facts: Record<string, unknown>;
  durationSeconds: number;
}

export const machine = () => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadBefore: loadavg().map((l) => Math.round(l * 100) / 100),
  loadAfter: [] as number[],
  node: process.version,
});

const fmt = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : String(v);

const metFlag = (row: EvaluatedRow) => (row.met === undefined ? (row.targetText ? '?' : '') : row.met ? 'yes' : 'NO');

const peerText = (row: EvaluatedRow) =>
  Object.entries(row.peers ?? {})
    .map(([name, figure]) => `${name} ${fmt(figure)} (ours ${row.ourOverPeer?.[name]}×)`)
    .join('; ');

function tableLines(rows: EvaluatedRow[]): string[][] {
  return rows.map((r) => [
    r.id,
    r.metric,
    `${fmt(r.value)} ${r.unit}`,
    r.limit ?? '',
    r.ratio === undefined ? '' : `${r.ratio}×`,
    r.targetText ?? '',
    metFlag(r),
    peerText(r),
  ]);
}

const HEAD = ['Bench', 'Metric', 'Value', 'Limit', 'Ratio', 'Target', 'Met', 'Peers (same workload)'];

/** The console table: aligned columns, one row per figure. */
export function printTable(report: RunReport): void {
  const lines = [HEAD, ...tableLines(report.rows)];
  const widths = HEAD.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const out = lines.map((l) =>
    l
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd(),
  );
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  console.log(`\nkim-ledger benchmarks (${report.mode}), ${report.date}`);
  console.log(
    `limits: ${Object.entries(report.limits)
      .map(([k, v]) => `${k}=${fmt(v)}`)
      .join(', ')}`,
  );
  console.log(out.join('\n'));
  for (const s of report.skipped) console.log(`skipped ${s.id}: ${s.reason}`);
}

export function markdown(report: RunReport): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const m = report.machine;
  const out = [
    `# kim-ledger benchmarks — ${report.mode} run, ${report.date}`,
    '',
    `Command: \`npm run bench -- ${report.argv.join(' ')}\` · ${report.durationSeconds} s · ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGb} GB, Node ${m.node} · load average before ${m.loadBefore.join('/')}, after ${m.loadAfter.join('/')} ` +
      '(shared machine: expect ±15% and more while other jobs run).',
    '',
    'Every figure is the median of several runs and is compared with a limit measured in the same run ' +
      '(F fdatasync/s, W1 raw WAL FULL commits/s, C raw event-row inserts/s, RP raw scan + JSON.parse rows/s, ' +
      'H empty NestJS POST on Fastify req/s).',
    '',
    `Limits: ${Object.entries(report.limits)
      .map(([k, v]) => `**${k}** ${fmt(v)}`)
      .join(' · ')}`,
    '',
    row(HEAD),
    row(HEAD.map(() => '---')),
    ...tableLines(report.rows).map(row),
    '',
  ];
  const missed = report.rows.filter((r) => r.met === false);
  if (missed.length) {
    out.push('## Missed targets', '');
    for (const r of missed) {
      const why = [
        ...(r.note ? [r.note.replace(/\.?$/, '.')] : []),
        ...(r.inTheWay ?? []).map((w) => `In the way: ${w}.`),
      ];
      out.push(`- **${r.id} ${r.metric}**: ${r.missedBy}.${why.length ? ` ${why.join(' ')}` : ''}`);
    }
    out.push('');
  }
  const notes = report.rows.filter((r) => r.note && r.met !== false);
  if (notes.length) {
    out.push('## Notes', '');
    for (const r of notes) out.push(`- **${r.id} ${r.metric}**: ${r.note}`);
    out.push('');
  }
  if (report.skipped.length) {
    out.push('## Not measured', '');
    for (const s of report.skipped) out.push(`- **${s.id}**: ${s.reason}`);
    out.push('');
  }
  const facts = Object.entries(report.facts ?? {});
  if (facts.length) {
    out.push('## Facts of this run', '');
    for (const [name, value] of facts)
      out.push(`- **${name}**: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    out.push('');
  }
  out.push('## Workloads', '');
  const seen = new Set<string>();
  for (const r of report.rows) {
    const key = `${r.id}: ${r.workload ?? ''}`;
    if (r.workload && !seen.has(key)) {
      out.push(`- **${r.id}**: ${r.workload}`);
      seen.add(key);
    }
  }
  return out.join('\n') + '\n';
}

export function writeResults(report: RunReport, resultsDir: URL): { json: string; md: string } {
  mkdirSync(resultsDir, { recursive: true });
  const json = new URL(`${report.date.replace(/[:]/g, '-')}.json`, resultsDir);
  const md = new URL('latest.md', resultsDir);
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(md, markdown(report));
  return { json: json.pathname, md: md.pathname };
}
