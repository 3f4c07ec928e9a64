import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/auth/local-signing-key.js';
import type { Role } from '../../src/shared/roles.js';
import { localDate } from '../../src/shared/calendar.js';

/** Tokens and JSON requests against a kim server started by a benchmark (same data folder, same key). */
export class KimClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly dataDir: string,
  ) {}

  async token(sub: string, role: Role, agency = 'KI'): Promise<string> {
    const key = `${sub}/${role}`;
    let token = this.tokens.get(key);
    if (!token) {
      const signing = await loadOrCreateLocalSigningKey(this.dataDir);
      token = await signLocalToken(signing, { sub, roles: [role], agency });
      this.tokens.set(key, token);
    }
    return token;
  }

  async call(sub: string, role: Role, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(sub, role)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

export interface SeededCase {
  caseId: string;
  personId: string;
  caseworker: string;
}

export const person = (i: number) => ({
  givenName: `Bench${i}`,
  familyName: 'Yılmaz-Özdemir',
  dateOfBirth: '1991-04-17',
  nationality: 'TR',
  municipality: 'Velbert',
  languages: ['tr', 'de'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  // Issue 14 item 5: the participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X).
  participation: {
    basis: 'participation-consent',
    informed: { language: 'tr', formVersion: 'KI-TN-2026-01', interpreter: false },
    evidence: { kind: 'signed-form', reference: `BENCH-${i}` },
  },
});

/** Dated today: an action may not be dated before its case was opened (issue 16), and B7 opens its cases now. */
export const ACTION_BODY = {
  type: 'counselling',
  occurredAt: localDate(new Date().toISOString()),
  summary: 'Beratung zu Sprachkurs, Anerkennung des Abschlusses und Wohnungssuche',
};

/** `count` persons with one open case each, spread over caseworkers below the caseload limit. */
/**
 * Seeds `count` assigned cases, `perCaseworker` to each caseworker. A run on a kept store passes its own
 * `staffPrefix`: the caseload limit (80 × FTE) would otherwise be reached by the cases earlier runs left.
 */
export async function seedCases(
  client: KimClient,
  count: number,
  { perCaseworker = 25, staffPrefix = 'cw' }: { perCaseworker?: number; staffPrefix?: string } = {},
): Promise<SeededCase[]> {
  const cases: SeededCase[] = [];
  const staffed = new Set<string>();
  for (let i = 0; i < count; i++) {
    const caseworker = `${staffPrefix}-${String(Math.floor(i / perCaseworker) + 1).padStart(2, '0')}`;
    if (!staffed.has(caseworker)) {
      await client.call('tl-01', 'team_lead', 'PUT', `/staff/${caseworker}`, { provider: 'KI', fte: 1, baustein: 2 });
      staffed.add(caseworker);
    }
    const { personId } = await client.call(caseworker, 'caseworker', 'POST', '/persons', person(i));
    const { caseId } = await client.call(caseworker, 'caseworker', 'POST', '/cases', {
      personId,
      municipality: 'Velbert',
    });
    await client.call('tl-01', 'team_lead', 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker });
    cases.push({ caseId, personId, caseworker });
  }
  return cases;
}
