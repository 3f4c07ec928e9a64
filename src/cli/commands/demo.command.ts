import { resolve } from 'node:path';
import { DEFAULT_CONCURRENCY, loadDemoCounty } from '../../demo/demo-loader.js';
import { formatSummary } from '../../demo/demo-summary.js';
import { progressBar } from '../progress-bar.js';

export const summary = 'load a realistic synthetic Kreis Mettmann (two years, ~640 active cases) through the API';

const USAGE = [
  'usage: npm run kim -- demo [--seed N] [--scale F] [--data-dir D] [--concurrency C]',
  '  --seed N         the same seed gives the same county (default 42)',
  '  --scale F        multiplies staff, arrivals and active cases, e.g. 0.05 or 10 (default 1: ~640 active cases)',
  '  --data-dir D     an empty data folder (default KIM_DATA_DIR or ./data)',
  `  --concurrency C  calls in flight (default ${DEFAULT_CONCURRENCY}; 1 repeats even the global order of the log)`,
].join('\n');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * `kim demo`: boots the application in-process on the embedded stores and drives it over its HTTP
 * pipeline with locally signed tokens; the same seed gives the same county.
 */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const seed = Number(option(args, '--seed') ?? 42);
  const scale = Number(option(args, '--scale') ?? 1);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    console.error(`kim demo: --seed must be an integer from 0 to ${0xffffffff}`);
    return 2;
  }
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) {
    console.error('kim demo: --scale must be a number above 0 and at most 100');
    return 2;
  }
  const concurrency = Number(option(args, '--concurrency') ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    console.error('kim demo: --concurrency must be an integer from 1 to 256');
    return 2;
  }
  const dataDir = resolve(option(args, '--data-dir') ?? process.env.KIM_DATA_DIR ?? './data');
  const bar = progressBar('demo (days)');
  const result = await loadDemoCounty({
    seed,
    scale,
    dataDir,
    concurrency,
    onProgress: (day, days) => bar.update(day, days),
  });
  bar.finish();
  if (!result.erasureRoute)
    console.log('note: the API has no erasure route (POST /privacy/persons/:id/erasure) yet; erasures were skipped');
  console.log(`demo county loaded into ${dataDir}\n${formatSummary(result)}`);
  if (result.calls.firstUnexpected.length > 0)
    console.log(`unexpected answers:\n  ${result.calls.firstUnexpected.join('\n  ')}`);
  return result.calls.serverErrors > 0 ? 1 : 0;
}
