import { ROLES, type Role } from '../../src/shared/roles.js';
import {
  ACCESS_MATRIX,
  MATRIX_CALLERS,
  OWNERSHIP_MATRIX,
  PUBLIC,
  seedMatrixFixtures,
  type EndpointRow,
  type Fixtures,
} from '../support/access-matrix.js';
import { report, type Figure } from '../support/reliability-report.js';
import { TestApp, type Caller } from '../support/test-app.js';

interface Cell {
  endpoint: string;
  who: Role | 'no token';
  expected: 'allowed' | 'denied';
  status: number;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Every operation of the OpenAPI document, as `METHOD /path` without the global prefix. */
async function servedRoutes(app: TestApp): Promise<Set<string>> {
  const response = await app.app.inject({ method: 'GET', url: '/api/docs-json' });
  const document = response.json() as { paths: Record<string, Record<string, unknown>> };
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of Object.keys(operations)) routes.add(key(method, path.replace(/^\/api\/v1/, '')));
  }
  return routes;
}

describe('the roles × endpoints matrix, walked cell by cell over HTTP', () => {
  let app: TestApp;
  let fixtures: Fixtures;
  let served: Set<string>;
  const cells: Cell[] = [];
  /** The figures of each walk, as counted by it; reported together once both walks ran. */
  const figures: Figure[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    fixtures = await seedMatrixFixtures(app);
    served = await servedRoutes(app);
  });
  afterAll(async () => {
    if (figures.length > 0) {
      report({
        scenario: 'access-matrix',
        variant: 'fast',
        // No random input: every cell of the table is walked once.
        seed: 0,
        n: cells.length,
        figures,
        caveats: [
          'one request per cell against fixtures that exist; an allowed cell passes when it is not refused (401/403) — its answer may still be another 4xx for the body or the state',
          'ownership is walked for the cells OWNERSHIP_MATRIX lists, not for every role × endpoint pair',
        ],
      });
    }
    await app.stop();
  });

  const isServed = (row: { method: string; path: string }) => served.has(key(row.method, row.path));

  /** TestApp prefixes /api/v1; operations endpoints (metrics, health) are served without it. */
  const send = async (row: EndpointRow, caller: Caller | null, url: string, body?: unknown): Promise<number> => {
    if (!row.unprefixed) return (await app.request(caller, row.method, url, body)).status;
    const auth = caller ? { authorization: `Bearer ${await app.token(caller)}` } : {};
    return (await app.app.inject({ method: row.method, url, headers: auth })).statusCode;
  };

  it('has a row for every route in the OpenAPI document', () => {
    const rows = new Set(ACCESS_MATRIX.map((r) => key(r.method, r.path)));
    const missing = [...served].filter((route) => !rows.has(route));
    const notYetServed = ACCESS_MATRIX.filter((r) => !isServed(r)).map((r) => key(r.method, r.path));
    console.log(
      `access matrix: ${served.size} routes served, ${rows.size} rows; rows not yet served: ${notYetServed.join(', ') || 'none'}`,
    );
    expect(missing).toEqual([]);
  });

  // Hundreds of cells, each a request; a shared two-core machine stretches the walk well past 30 s.
  it('lets every allowed role through and refuses every other one', async () => {
    const walk = async (row: EndpointRow) => {
      const { url, body } = row.request(fixtures);
      const endpoint = key(row.method, row.path);
      for (const role of ROLES) {
        const expected = row.allowed === PUBLIC || row.allowed.includes(role) ? 'allowed' : 'denied';
        cells.push({ endpoint, who: role, expected, status: await send(row, MATRIX_CALLERS[role], url, body) });
      }
      const anonymous = await send(row, null, url, body);
      cells.push({
        endpoint,
        who: 'no token',
        expected: row.allowed === PUBLIC ? 'allowed' : 'denied',
        status: anonymous,
      });
    };
    for (const row of ACCESS_MATRIX.filter(isServed)) await walk(row);

    const refusal = (cell: Cell) => (cell.who === 'no token' ? 401 : 403);
    const unauthorizedSuccesses = cells.filter((c) => c.expected === 'denied' && c.status !== refusal(c));
    const wrongfulDenials = cells.filter((c) => c.expected === 'allowed' && (c.status === 401 || c.status === 403));
    const serverErrors = cells.filter((c) => c.status >= 500);
    // Every fixture exists, so a 404 on an allowed cell means the walk missed the route: it proves nothing.
    const unreached = cells.filter((c) => c.expected === 'allowed' && c.status === 404);
    console.log(
      `access matrix: ${cells.length} cells (${cells.filter((c) => c.expected === 'allowed').length} allowed, ${cells.filter((c) => c.expected === 'denied').length} denied); ` +
        `unauthorized successes: ${unauthorizedSuccesses.length}, wrongful denials: ${wrongfulDenials.length}, server errors: ${serverErrors.length}, unreached: ${unreached.length}`,
    );
    const allowed = cells.filter((c) => c.expected === 'allowed').length;
    figures.push(
      { label: 'endpoints walked', value: new Set(cells.map((c) => c.endpoint)).size, of: served.size },
      { label: 'role × endpoint cells walked (no token included)', value: cells.length },
      { label: 'unauthorized successes', value: unauthorizedSuccesses.length, of: cells.length - allowed },
      { label: 'wrongful denials', value: wrongfulDenials.length, of: allowed },
      { label: 'allowed cells answered 404 (walk missed the route)', value: unreached.length, of: allowed },
      { label: '5xx answers', value: serverErrors.length, of: cells.length },
    );
    expect(unauthorizedSuccesses).toEqual([]);
    expect(wrongfulDenials).toEqual([]);
    // MATRIX_DUMP=1 prints the status of every allowed cell, to see what the walk really reached.
    if (process.env.MATRIX_DUMP)
      console.log(
        cells
          .filter((c) => c.expected === 'allowed')
          .map((c) => `${c.endpoint} ${c.who} ${c.status}`)
          .join('\n'),
      );
    if (serverErrors.length > 0) console.log(`server errors: ${JSON.stringify(serverErrors)}`);
    expect(serverErrors).toEqual([]);
    expect(unreached).toEqual([]);
  }, 180_000);

  it('decides need to know below the role: own person or agency allowed, another’s denied', async () => {
    const results = [];
    for (const row of OWNERSHIP_MATRIX) {
      const { url, body } = row.request(fixtures);
      const response = await app.request(row.caller, row.method, url, body);
      results.push({ what: row.what, expect: row.expect, status: response.status });
    }
    const unauthorizedSuccesses = results.filter((r) => r.expect === 'denied' && r.status !== 403);
    const wrongfulDenials = results.filter(
      (r) => r.expect === 'allowed' && (r.status === 401 || r.status === 403 || r.status >= 500),
    );
    console.log(
      `ownership matrix: ${results.length} cells; unauthorized successes: ${unauthorizedSuccesses.length}, wrongful denials: ${wrongfulDenials.length}`,
    );
    const denied = results.filter((r) => r.expect === 'denied').length;
    figures.push(
      { label: 'ownership cells walked', value: results.length },
      { label: 'ownership: unauthorized successes', value: unauthorizedSuccesses.length, of: denied },
      { label: 'ownership: wrongful denials', value: wrongfulDenials.length, of: results.length - denied },
    );
    expect(unauthorizedSuccesses).toEqual([]);
    expect(wrongfulDenials).toEqual([]);
    expect(OWNERSHIP_MATRIX.every((r) => ACCESS_MATRIX.some((e) => e.method === r.method && e.path === r.path))).toBe(
      true,
    );
  });
});
