import { todayInGermany } from '../support/calendar.js';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PERSON_KEYS, type PersonKeyDocument } from '../../src/crypto/person-key.store.js';
import type { Stores } from '../../src/config/stores.js';
import { STORES } from '../../src/kim-core.module.js';
import { captureOutput, type CapturedOutput } from '../support/captured-output.js';
import { report, type Figure } from '../support/reliability-report.js';
import { TestApp, type Caller, type TestResponse } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-erase-01' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-erase' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-erase' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-erase' };

/** Unique strings in every personal field, so a single surviving copy anywhere is found. */
const tag = randomBytes(6).toString('hex');
const markers = {
  givenName: `Vorname${tag}Ä`,
  familyName: `Familienname${tag}ß`,
  residenceStatus: `Aufenthalt${tag}§`,
  evidenceReference: `Nachweis${tag}`,
  withdrawalReason: `Widerruf${tag}ü`,
  actionSummary: `Beratung${tag}ö`,
  justification: `Begründung${tag}é`,
};
/** The tag alone too: it also finds a marker escaped or re-encoded (\u00c4, percent-encoding, …). */
const needles = [...Object.values(markers), tag];

/** Every file under the data folder, including SQLite's -wal and -shm files. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    // A temporary file (the chain head is written by rename) may vanish between listing and reading.
    if (!stat) return [];
    return stat.isDirectory() ? filesUnder(path) : [path];
  });
}

const readIfPresent = (file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
};

/** Raw byte search: [file, needle] for each needle found in each file. */
function byteHits(dir: string, needles: readonly Buffer[]): [string, string][] {
  const hits: [string, string][] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readIfPresent(file);
    for (const needle of needles) if (bytes.includes(needle)) hits.push([file, needle.toString('hex').slice(0, 16)]);
  }
  return hits;
}

const needlesOf = (texts: readonly string[]) =>
  texts.flatMap((t) => [Buffer.from(t, 'utf8'), Buffer.from(t, 'utf16le')]);
const textHits = (responses: readonly TestResponse[], texts: readonly string[]) =>
  responses.flatMap((r) => texts.filter((t) => r.text.includes(t)));

describe('erasure of a person (Art. 17 DSGVO) by crypto-shredding', () => {
  let app: TestApp;
  /** The service's log output from its start, at every level (the service itself logs error, warn, log). */
  let logs: CapturedOutput;
  /** What each search counted, reported as one row at the end. */
  const figures: Figure[] = [];
  let filesSearched: string[] = [];
  let personId: string;
  let wrappedKey: Buffer;
  const reads = () => [
    app.request(privacyOfficer, 'GET', `/persons/${personId}`),
    app.request(privacyOfficer, 'GET', `/persons/${personId}/consents`),
    app.request(dpo, 'GET', `/transfers?personId=${personId}`),
    app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report`),
    app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report?format=html`),
    app.request(dpo, 'GET', `/audit/trail?personId=${personId}&limit=1000`),
    app.request(dpo, 'GET', `/audit/trail?format=csv`),
    app.request(dpo, 'GET', '/audit/anomalies'),
  ];
  let caseId: string;

  beforeAll(async () => {
    logs = captureOutput();
    app = await TestApp.start({}, { logger: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] });
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: markers.givenName,
        familyName: markers.familyName,
        dateOfBirth: '1979-11-03',
        nationality: 'SY',
        municipality: 'Ratingen',
        languages: ['ar'],
        residenceStatus: markers.residenceStatus,
        participation: PARTICIPATION,
      })
    ).body.personId;
    const consent = await app.request(caseworker, 'POST', `/persons/${personId}/consents`, {
      recipients: ['AGENTUR_FUER_ARBEIT'],
      dataCategories: ['identity', 'employment'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-12-31',
      evidence: { kind: 'signed-form', reference: markers.evidenceReference },
      informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
    });
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Ratingen' })).body.caseId;
    const byConsent = await app.request(caseworker, 'POST', '/transfers', {
      personId,
      toAgency: 'AGENTUR_FUER_ARBEIT',
      dataCategories: ['identity'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    const action = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: todayInGermany(),
      summary: markers.actionSummary,
      agencies: ['AGENTUR_FUER_ARBEIT'],
    });
    const statutory = await app.request(caseworker, 'POST', '/transfers', {
      personId,
      toAgency: 'AUSLAENDERBEHOERDE',
      dataCategories: ['identity', 'residence-status'],
      purpose: 'residence-law-procedure',
      legalBasis: 'sgb10-71-2',
      justification: markers.justification,
      request: {
        authority: 'AUSLAENDERBEHOERDE',
        reference: 'ABH-32-0001',
        receivedOn: new Date().toISOString().slice(0, 10),
      },
      attestations: ['request-within-authority-tasks'],
    });
    // Four eyes: delivered once a team lead approves it.
    const approved = await app.request(teamLead, 'POST', `/transfers/${statutory.body.transferId}/approve`);
    const withdrawn = await app.request(
      caseworker,
      'POST',
      `/persons/${personId}/consents/${consent.body.consentId}/withdraw`,
      {
        reason: markers.withdrawalReason,
      },
    );
    expect([
      consent.status,
      action.status,
      byConsent.status,
      statutory.status,
      approved.status,
      withdrawn.status,
    ]).toEqual([201, 201, 201, 201, 200, 200]);
    const key = await app.app.get<Stores>(STORES).keyStore.get<PersonKeyDocument>(PERSON_KEYS, personId);
    wrappedKey = Buffer.from(key!.wrapped, 'base64');
  });
  afterAll(async () => {
    await app.stop();
    logs.stop();
    if (figures.length > 0) {
      report({
        scenario: 'erasure',
        variant: 'fast',
        // The markers carry a random tag; nothing else is random.
        seed: 0,
        n: Object.keys(markers).length,
        figures,
        caveats: [
          'one person with a marker in every personal field; the tag alone is searched too',
          `files searched: ${filesSearched.join(', ')}`,
          'logs: Nest’s logger at every level plus the console, captured in-process; Fastify’s request logger is off in the service',
        ],
      });
    }
  });

  describe('before the erasure', () => {
    it('serves every marker through the API, so the search below can find them', async () => {
      const responses = [...(await Promise.all(reads())), await app.request(privacyOfficer, 'GET', `/cases/${caseId}`)];
      const found = new Set(textHits(responses, Object.values(markers)));
      figures.push({
        label: 'markers served through the API before the erasure (the search works)',
        value: found.size,
        of: Object.keys(markers).length,
      });
      expect([...found].sort()).toEqual(Object.values(markers).sort());
    });

    it('finds the person’s wrapped key on disk, so the byte search works', () => {
      expect(byteHits(app.dataDir, [wrappedKey, Buffer.from(wrappedKey.toString('base64'))]).length).toBeGreaterThan(0);
    });
  });

  describe('after a privacy officer requests the erasure and a team lead approves it', () => {
    let requested: TestResponse;
    let erased: TestResponse;
    beforeAll(async () => {
      requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/erasure`, {
        reason: 'Antrag der betroffenen Person vom 20.11.2026',
      });
      erased = await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {});
    });

    it('answers with the time and the agencies to notify (Art. 19 DSGVO)', () => {
      expect(requested.status).toBe(202);
      expect(requested.body).toEqual({ erasureId: expect.any(String), personId, status: 'awaiting-approval' });
      expect(erased.status).toBe(200);
      expect(erased.body).toEqual({
        erasureId: requested.body.erasureId,
        status: 'erased',
        personId,
        erasedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        recipientsToNotify: ['AGENTUR_FUER_ARBEIT', 'AUSLAENDERBEHOERDE'],
      });
    });

    it('shows the person as erased, without personal data', async () => {
      const person = await app.request(privacyOfficer, 'GET', `/persons/${personId}`);
      expect(person.status).toBe(200);
      expect(person.body).toMatchObject({ personId, erased: true });
      expect(person.body).not.toHaveProperty('givenName');
    });

    it('yields no marker from any API response or export', async () => {
      const responses = [...(await Promise.all(reads())), await app.request(privacyOfficer, 'GET', `/cases/${caseId}`)];
      const hits = textHits(responses, needles);
      figures.push({
        label: 'marker hits in API responses and exports after the erasure',
        value: hits.length,
        of: needles.length * responses.length,
      });
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(hits).toEqual([]);
    });

    it('leaves no marker and no copy of the key in any file of the data folder, -wal and -shm included', () => {
      const files = filesUnder(app.dataDir);
      const searched = [...needlesOf(needles), wrappedKey, Buffer.from(wrappedKey.toString('base64'))];
      const hits = byteHits(app.dataDir, searched);
      filesSearched = files.map((f) => f.slice(app.dataDir.length + 1));
      figures.push({
        label: 'marker and key hits in files under the data folder',
        value: hits.length,
        of: searched.length * files.length,
      });
      expect(hits).toEqual([]);
    });

    it('keeps the pseudonymous facts in the trail', async () => {
      const trail = await app.request(dpo, 'GET', `/audit/trail?personId=${personId}&limit=1000`);
      const actions = trail.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['person-registered', 'consent-granted', 'transfer', 'access', 'person-erased']),
      );
      const erasure = trail.body.items.find((e: { action: string }) => e.action === 'person-erased');
      expect(erasure).toMatchObject({ actorSub: teamLead.sub, actorRole: 'team_lead' });
      expect(erasure.details).toMatchObject({ requestedBy: privacyOfficer.sub, approvedBy: teamLead.sub });
    });

    it('still verifies the hash chain', async () => {
      const verify = await app.request(dpo, 'GET', '/audit/verify');
      figures.push({
        label: 'hash-chain verifications failing after the erasure',
        value: verify.body?.ok === true ? 0 : 1,
        of: 1,
      });
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ ok: true, events: (await app.allEvents()).length });
      expect(verify.body.firstBadEvent).toBeUndefined();
    });

    it('completes, not repeats, a second approval of the same erasure', async () => {
      const again = await app.request(
        privacyOfficer,
        'POST',
        `/privacy/erasures/${requested.body.erasureId}/approve`,
        {},
      );
      expect(again.status).toBe(200);
      expect(again.body).toEqual(erased.body);
      const stream = await app.eventStore.readStream(`person-${personId}`);
      expect(stream.filter((e) => e.type === 'PersonErased')).toHaveLength(1);
    });

    it('refuses any further command on the person', async () => {
      const transfer = await app.request(caseworker, 'POST', '/transfers', {
        personId,
        toAgency: 'AGENTUR_FUER_ARBEIT',
        dataCategories: ['identity'],
        purpose: 'labour-market-integration',
        legalBasis: 'consent',
      });
      expect(transfer.status).toBe(422);
    });

    it('has written no marker to the service’s log output, from its start until now', () => {
      const text = logs.text();
      const lines = text.split('\n');
      const hits = lines.filter((line) => needles.some((n) => line.includes(n)));
      figures.push({
        label: 'log lines with a marker (whole run, every log level)',
        value: hits.length,
        of: logs.lines(),
      });
      // The capture must hold the service's own lines, or an empty search proves nothing.
      expect(text).toContain('Nest application successfully started');
      expect(hits).toEqual([]);
    });
  });
});
