import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import {
  commandOperations,
  generateRequest,
  MUTATION_NAMES,
  type OpenApiDocument,
  type Operation,
} from './reliability-fuzz.js';
import { prng, type Figure } from './reliability-report.js';
import { TestApp, type Caller } from './test-app.js';
import { PARTICIPATION } from './builders.js';

/**
 * Runs the generated requests against the real application (TestApp: the whole Fastify/Nest pipeline on
 * real embedded stores) and counts what must never happen: a 5xx, an error without the documented shape,
 * and an event written by a rejected request (attributed by the X-Correlation-Id every request carries).
 * Allowed for rejected requests: AccessDenied (401/403 are security events by design) and TransferRefused
 * for a 422 transfer (a refused transfer is recorded, rule 2).
 */
export interface FuzzResult {
  figures: Figure[];
  serverErrors: number;
  badErrorShape: number;
  eventsByRejected: number;
  unattributed: number;
  problems: string[];
}

const roleFor = (template: string): Caller => {
  if (template.endsWith('/assign')) return { role: 'team_lead', sub: 'tl-fuzz' };
  if (template.includes('/audit/')) return { role: 'dpo', sub: 'dpo-fuzz' };
  if (template.endsWith('/acknowledge')) return { role: 'agency_officer', sub: 'ao-fuzz', agency: 'JOBCENTER_IP' };
  return { role: 'caseworker', sub: 'cw-fuzz' };
};

async function fixtures(app: TestApp): Promise<Record<string, string>> {
  const cw: Caller = { role: 'caseworker', sub: 'cw-fuzz' };
  const person = {
    givenName: 'Fuzz',
    familyName: 'Ziel',
    dateOfBirth: '1980-01-01',
    nationality: 'IQ',
    municipality: 'Velbert',
    languages: ['ar'],
    residenceStatus: '§ 25 Abs. 2 AufenthG',
    participation: PARTICIPATION,
  };
  const p = await app.request(cw, 'POST', '/persons', person);
  const p2 = await app.request(cw, 'POST', '/persons', { ...person, givenName: 'Fuzz2' });
  const k = await app.request(cw, 'POST', '/cases', { personId: p.body.personId, municipality: 'Velbert' });
  const c = await app.request(cw, 'POST', `/persons/${p.body.personId}/consents`, {
    recipients: ['JOBCENTER_IP'],
    dataCategories: ['identity', 'employment'],
    purposes: ['labour-market-integration'],
    validUntil: '2027-12-31',
    evidence: { kind: 'signed-form', reference: 'KI-FUZZ-1' },
    informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
  });
  const t = await app.request(cw, 'POST', '/transfers', {
    personId: p.body.personId,
    caseId: k.body.caseId,
    toAgency: 'JOBCENTER_IP',
    dataCategories: ['identity'],
    purpose: 'labour-market-integration',
    legalBasis: 'consent',
  });
  if ([p, p2, k, c, t].some((r) => r.status !== 201)) throw new Error('fuzz fixtures could not be created');
  return {
    personId: p.body.personId,
    caseId: k.body.caseId,
    consentId: c.body.consentId,
    transferId: t.body.transferId,
    auditPersonId: p2.body.personId,
  };
}

export async function runFuzz(app: TestApp, perEndpoint: number, seed: number, concurrency = 8): Promise<FuzzResult> {
  const random = prng(seed);
  const docResponse = await app.app.inject({ method: 'GET', url: '/api/docs-json' });
  const operations = commandOperations(docResponse.json() as OpenApiDocument);
  const ids = await fixtures(app);
  const from = (await app.eventStore.headPosition()) ?? 0n;
  const ctx = { random, ids, bodyLimitBytes: app.config.bodyLimitBytes };
  const outcomes = new Map<string, { status: number; template: string; mutation: string }>();
  const problems: string[] = [];
  let serverErrors = 0;
  let badErrorShape = 0;
  const accepted: Record<string, number> = Object.fromEntries(MUTATION_NAMES.map((m) => [m, 0]));
  const sent: Record<string, number> = Object.fromEntries(MUTATION_NAMES.map((m) => [m, 0]));

  const queue: { op: Operation; n: number }[] = operations.flatMap((op) =>
    Array.from({ length: perEndpoint }, (_, n) => ({ op, n })),
  );
  const tokens = new Map<string, string>();
  const tokenOf = async (caller: Caller) => {
    const id = `${caller.role}/${caller.sub}`;
    if (!tokens.has(id)) tokens.set(id, await app.token(caller));
    return tokens.get(id)!;
  };
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const { op, n } = queue[next++]!;
      const correlationId = `fuzz-${seed}-${next}`;
      const request = generateRequest(op, ctx, `fuzz-key-${seed}-${next}`);
      const draw = random();
      const caller =
        draw < 0.03 ? null : draw < 0.06 ? ({ role: 'committee', sub: 'c-fuzz' } as Caller) : roleFor(op.template);
      const response = await app.app.inject({
        method: 'POST',
        url: `/api/v1${request.url}`,
        headers: {
          ...request.headers,
          'x-correlation-id': correlationId,
          ...(caller ? { authorization: `Bearer ${await tokenOf(caller)}` } : {}),
        },
        ...(request.payload !== undefined ? { payload: request.payload } : {}),
      });
      sent[request.mutation]! += 1;
      outcomes.set(correlationId, { status: response.statusCode, template: op.template, mutation: request.mutation });
      if (response.statusCode < 300) accepted[request.mutation]! += 1;
      if (response.statusCode >= 500) {
        serverErrors += 1;
        if (problems.length < 10)
          problems.push(
            `${response.statusCode} ${op.template} (${request.mutation} #${n}): ${String(request.payload).slice(0, 200)} → ${response.body.slice(0, 200)}`,
          );
      } else if (response.statusCode >= 400) {
        let body: { statusCode?: unknown; error?: unknown; message?: unknown } = {};
        try {
          body = response.json();
        } catch {
          // counted below
        }
        if (body.statusCode !== response.statusCode || typeof body.error !== 'string' || body.message === undefined) {
          badErrorShape += 1;
          if (problems.length < 10)
            problems.push(
              `error without shape ${response.statusCode} ${op.template} (${request.mutation}): ${response.body.slice(0, 200)}`,
            );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const events: RecordedEvent[] = await app.eventStore.readAll({ after: from });
  let eventsByRejected = 0;
  let unattributed = 0;
  for (const e of events) {
    // Refused unauthenticated requests are counted per address and minute, by no request of their own.
    if (e.type === 'UnauthenticatedRequestsCounted') continue;
    const outcome = outcomes.get(e.metadata.correlationId);
    if (!outcome) {
      unattributed += 1;
      if (problems.length < 10)
        problems.push(`event ${e.type} with an unknown correlation id ${e.metadata.correlationId}`);
      continue;
    }
    if (outcome.status < 300) continue;
    const expected =
      e.type === 'AccessDenied' ||
      (e.type === 'TransferRefused' && outcome.status === 422 && outcome.template.endsWith('/transfers'));
    if (!expected) {
      eventsByRejected += 1;
      if (problems.length < 10)
        problems.push(
          `${e.type} written by a request answered ${outcome.status} (${outcome.template}, ${outcome.mutation})`,
        );
    }
  }
  const total = queue.length;
  return {
    serverErrors,
    badErrorShape,
    eventsByRejected,
    unattributed,
    problems,
    figures: [
      { label: 'command endpoints fuzzed (POST operations in the OpenAPI document)', value: operations.length },
      { label: 'generated requests per endpoint', value: perEndpoint },
      { label: '5xx answers', value: serverErrors, of: total },
      { label: '4xx answers without { statusCode, error, message }', value: badErrorShape, of: total },
      {
        label: 'events written by rejected requests',
        value: eventsByRejected,
        of: total - Object.values(accepted).reduce((a, b) => a + b, 0),
      },
      { label: 'events no request accounts for', value: unattributed, of: events.length },
      ...MUTATION_NAMES.map((m) => ({
        label: `accepted (2xx) with mutation "${m}"`,
        value: accepted[m]!,
        of: sent[m]!,
      })),
    ],
  };
}
