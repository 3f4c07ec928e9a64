import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app.factory.js';
import { loadOrCreateLocalSigningKey } from '../auth/local-signing-key.js';
import { loadConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { requestClock, setRequestClock } from '../http/request-context.js';
import { systemClock } from '../shared/clock.js';
import { HttpDemoApi } from './demo-api.js';
import { countEvents, type DemoSummary } from './demo-summary.js';
import { DemoWorld } from './demo-world.js';
import { JobQueue } from './job-queue.js';
import { planArrivals } from './participant-life.js';
import { planFindings } from './findings.js';
import { seededRandom } from './prng.js';
import { DAY_MS, isoDate, Timeline } from './timeline.js';

export interface DemoOptions {
  seed: number;
  /** Multiplies staff, arrivals and active cases (1 = 8 case managers, ~640 active cases). */
  scale: number;
  dataDir: string;
  /** Calls in flight at once (1: strictly one after another, so even the global log order repeats). */
  concurrency?: number;
  /** First day of the two years of history. */
  from?: string;
  days?: number;
  /** Called as simulated days pass. */
  onProgress?: (day: number, days: number) => void;
  /** Called with each stored event in log order after the run (for determinism checks). */
  onEvent?: (event: RecordedEvent) => void;
}

export const DEFAULT_FROM = '2024-10-01';
export const DEFAULT_DAYS = 730;
export const DEFAULT_CONCURRENCY = 16;
export const ERASE_ROUTE = '/api/v1/privacy/persons/:id/erasure';

/**
 * Loads the synthetic Kreis Mettmann through the command API: the application runs in-process on the
 * embedded stores of `dataDir` and every change is a request through Fastify's inject, so validation,
 * token checks, deciders, encryption and the access log all take part. Requests go one at a time in
 * simulated time order, which is what makes a seed reproduce the same log.
 */
export async function loadDemoCounty(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, KIM_DATA_DIR: options.dataDir };
  // The demo signs its own tokens with the local key, so it runs the local identity mode; and it is one
  // trusted in-process client, to which a per-user rate limit for remote callers does not apply.
  delete env.OIDC_ISSUER;
  delete env.OIDC_AUDIENCE;
  env.KIM_RATE_LIMIT_PER_MINUTE = '1000000';
  const config = loadConfig(env);
  // Events are recorded at the simulated instant of the request that wrote them, so the audit trail
  // (recordedAt) shows two years of history, not the minutes of the load (issue 17, item 5).
  const historic = { now: () => requestClock().now() };
  const app = await createApp(config, { logger: ['error', 'warn'], docsUi: false, eventClock: historic });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const store = app.get<EventStore>(EVENT_STORE);
    if ((await store.headPosition()) !== undefined) {
      throw new Error(`${config.dataDir} already holds events; load the demo into an empty data folder (--data-dir)`);
    }
    const summary = await simulate(app, options, config.dataDir);
    const counts = await countEvents(store, options.onEvent);
    return { ...summary, ...counts, seconds: (Date.now() - started) / 1000 };
  } finally {
    setRequestClock(systemClock);
    await app.close();
  }
}

async function simulate(app: NestFastifyApplication, options: DemoOptions, dataDir: string) {
  const from = Date.parse(`${options.from ?? DEFAULT_FROM}T00:00:00.000Z`);
  const days = options.days ?? DEFAULT_DAYS;
  const timeline = new Timeline(from, from + days * DAY_MS - 1);
  const api = new HttpDemoApi(app, await loadOrCreateLocalSigningKey(dataDir), `demo-${options.seed}`);
  setRequestClock(api.clock);
  const fastify = app.getHttpAdapter().getInstance();
  const erasureRoute = fastify.hasRoute({ method: 'POST', url: ERASE_ROUTE });
  // v2: restriction is the privacy officer's, under /privacy with the erasure request.
  const restrictBase = '/privacy/persons';
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const queue = new JobQueue(concurrency);
  const world = new DemoWorld(
    api,
    queue,
    timeline,
    seededRandom(options.seed),
    options.scale,
    erasureRoute,
    restrictBase,
    seededRandom(options.seed).fork('casework'),
  );
  world.registerStaff();
  planArrivals(world);
  planFindings(world);
  let lastDay = -1;
  // Planning runs ahead of the calls only a little, so the progress bar shows calls done, not planned.
  await timeline.drain(async (now) => {
    await queue.room(concurrency * 8);
    const day = Math.floor((now - from) / DAY_MS);
    if (day !== lastDay) options.onProgress?.((lastDay = day), days);
  });
  await queue.idle();
  options.onProgress?.(days, days);
  if (queue.errors.length > 0) throw new Error(`demo jobs failed:\n${queue.errors.slice(0, 5).join('\n')}`);
  return {
    seed: options.seed,
    scale: options.scale,
    from: isoDate(from),
    until: isoDate(timeline.end),
    calls: api.tally,
    erasureRoute,
    erasuresSkipped: world.erasuresSkipped,
  };
}
