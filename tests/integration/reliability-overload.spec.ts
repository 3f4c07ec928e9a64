/**
 * Issue item 11: bursts beyond the rate limit get 429, oversized bodies 413, nothing refused is written,
 * and the health check keeps answering throughout (it is exempt from the limit).
 *
 * Over real sockets against the spawned service: through Fastify's inject, a concurrent burst with one
 * token was answered 429 from its FIRST request on (100 of 100, limit 60), while the same burst over HTTP
 * gets exactly 60 through — an artefact of inject, so rate limiting is measured on the real server only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPaths } from '../../src/config/stores.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { PARTICIPATION } from '../support/builders.js';
import { report, runSeed } from '../support/reliability-report.js';
import { assertDistIsCurrent, SpawnedServer } from '../support/reliability-server.js';

const LIMIT = 60;
const BURST = 300;
const person = (i: number) => ({
  givenName: `Last${i}`,
  familyName: 'Test',
  dateOfBirth: '1990-02-02',
  nationality: 'AF',
  municipality: 'Haan',
  languages: ['fa'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
});

describe('a service under a burst beyond its rate limit and with oversized bodies', () => {
  const base = mkdtempSync(join(tmpdir(), 'kim-rel-overload-'));
  const server = new SpawnedServer(join(base, 'data'), {
    KIM_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    KIM_BODY_LIMIT_BYTES: '4096',
  });
  beforeAll(async () => {
    assertDistIsCurrent();
    await server.start();
  }, 60_000);
  afterAll(async () => {
    await server.kill('SIGTERM');
    rmSync(base, { recursive: true, force: true });
  });

  const post = (authorization: string, body: unknown) =>
    fetch(`${server.baseUrl}/api/v1/persons`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      body: (await r.json().catch(() => undefined)) as { statusCode?: number; error?: string } | undefined,
    }));
  const health = () => fetch(`${server.baseUrl}/health`).then((r) => r.status);

  it('refuses the excess with 429 and oversized bodies with 413, writes nothing refused, and stays healthy', async () => {
    const seed = runSeed();
    const authorization = `Bearer ${await server.token({ role: 'caseworker', sub: 'cw-burst' })}`;
    const bigCallers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => server.token({ role: 'caseworker', sub: `cw-big-${i}` })),
    );
    const [answers, healthDuring, big] = await Promise.all([
      Promise.all(Array.from({ length: BURST }, (_, i) => post(authorization, person(i)))),
      Promise.all(Array.from({ length: 30 }, health)),
      Promise.all(
        bigCallers.map((token, i) => post(`Bearer ${token}`, { ...person(i), residenceStatus: 'x'.repeat(5000) })),
      ),
    ]);
    const healthAfter = await Promise.all(Array.from({ length: 10 }, health));
    const calm = await post(`Bearer ${await server.token({ role: 'caseworker', sub: 'cw-calm' })}`, person(9999));

    const accepted = answers.filter((r) => r.status === 201).length;
    const limited = answers.filter((r) => r.status === 429);
    const other = answers.filter((r) => r.status !== 201 && r.status !== 429);
    const store = openSqliteEventStore({
      path: embeddedPaths(server.dataDir).events,
      chainHeadPath: join(base, 'observer-head.json'),
    });
    const registered = (await store.readAll()).filter(
      (e) => e.type === 'PersonRegistered' && e.metadata.actor.sub === 'cw-burst',
    ).length;
    await store.close();
    const healthy = [...healthDuring, ...healthAfter].filter((s) => s === 200).length;
    report({
      scenario: 'overload',
      variant: 'fast',
      seed,
      n: BURST,
      figures: [
        { label: `requests in one burst from one caller (limit ${LIMIT}/minute)`, value: BURST },
        { label: 'accepted', value: accepted, of: BURST },
        { label: 'answered 429', value: limited.length, of: BURST },
        { label: 'answered otherwise', value: other.length, of: BURST },
        { label: 'persons registered (events) against accepted answers', value: registered, of: accepted },
        { label: 'oversized bodies answered 413', value: big.filter((r) => r.status === 413).length, of: big.length },
        {
          label: 'health checks answered 200 during and after the burst',
          value: healthy,
          of: healthDuring.length + healthAfter.length,
        },
        { label: 'another caller served while the first was limited (1 = yes)', value: calm.status === 201 ? 1 : 0 },
        {
          label: '5xx answers',
          value:
            [...answers, ...big].filter((r) => r.status >= 500).length +
            [...healthDuring, ...healthAfter].filter((s) => s >= 500).length,
        },
      ],
    });
    expect(accepted).toBe(LIMIT);
    expect(limited).toHaveLength(BURST - LIMIT);
    expect(limited[0]!.body).toMatchObject({ statusCode: 429, error: expect.any(String) });
    expect(limited[0]!.retryAfter).toBeTruthy();
    expect(other).toEqual([]);
    expect(registered).toBe(accepted);
    expect(big.map((r) => r.status)).toEqual(big.map(() => 413));
    expect(healthy).toBe(healthDuring.length + healthAfter.length);
    expect(calm.status).toBe(201);
  }, 90_000);
});
