import { auditTrailCsv } from '../../src/audit/audit-trail.csv.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const registrar: Caller = { role: 'caseworker', sub: 'cw-trail-01' };
const colleague: Caller = { role: 'caseworker', sub: 'cw-trail-02' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-trail-03' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-trail' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-trail' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-trail' };

const person = {
  givenName: 'Małgorzata',
  familyName: 'Wiśniewska-Öztürk',
  dateOfBirth: '1988-02-29',
  nationality: 'PL',
  municipality: 'Hilden',
  languages: ['pl', 'de'],
  residenceStatus: '§ 2 FreizügG/EU',
  participation: PARTICIPATION,
};

interface TrailItem {
  entryId: string;
  seq: string;
  action: string;
  actorSub: string;
  actorRole: string;
  purpose: string | null;
  personId: string | null;
}

describe('the audit trail for the data protection officer', () => {
  let app: TestApp;
  let personId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([colleague.sub]);
    personId = (await app.request(registrar, 'POST', '/persons', person)).body.personId;
    const { caseId } = (await app.request(registrar, 'POST', '/cases', { personId, municipality: 'Hilden' })).body;
    // The registrar reads while no case is assigned; the assignment ends their need to know (rule 6).
    expect((await app.request(registrar, 'GET', `/persons/${personId}`)).status).toBe(200);
    expect(
      (await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: colleague.sub })).status,
    ).toBe(200);
    expect(
      (await app.request(colleague, 'GET', `/persons/${personId}`, undefined, { 'x-purpose': 'benefit-application' }))
        .status,
    ).toBe(200);
    expect((await app.request(privacyOfficer, 'GET', `/persons/${personId}`)).status).toBe(200);
    expect((await app.request(stranger, 'GET', `/persons/${personId}`)).status).toBe(403);
    expect((await app.request(registrar, 'GET', `/persons/${personId}`)).status).toBe(403);
  });
  afterAll(() => app.stop());

  const trail = async (query: string): Promise<TrailItem[]> => {
    const response = await app.request(dpo, 'GET', `/audit/trail?${query}`);
    expect(response.status).toBe(200);
    return response.body.items;
  };

  describe('when two caseworkers and the DPO have read a person', () => {
    it('shows each read with the purpose from X-Purpose or the role default', async () => {
      const reads = (await trail(`personId=${personId}&action=access&limit=1000`)).map((e) => [
        e.actorSub,
        e.actorRole,
        e.purpose,
      ]);
      expect(reads).toEqual(
        expect.arrayContaining([
          [registrar.sub, 'caseworker', 'case-management'],
          [colleague.sub, 'caseworker', 'benefit-application'],
          [privacyOfficer.sub, 'privacy_officer', 'data-subject-rights'],
        ]),
      );
    });

    it('shows the refused reads as security events with the real actor', async () => {
      const denied = await trail(`personId=${personId}&action=access-denied`);
      expect(denied.map((e) => e.actorSub)).toEqual([stranger.sub, registrar.sub]);
    });

    it('filters by actor and by agency', async () => {
      const byColleague = await trail(`actor=${colleague.sub}`);
      expect(byColleague.length).toBeGreaterThan(0);
      expect(new Set(byColleague.map((e) => e.actorSub))).toEqual(new Set([colleague.sub]));
      expect(await trail('agency=JOBCENTER_IP')).toEqual([]);
    });

    it('refuses a forged cursor with 400 naming the field, not as a store failure', async () => {
      const response = await app.request(dpo, 'GET', `/audit/trail?personId=${personId}&cursor=not-a-cursor`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toMatch(/cursor/);
    });

    it('pages with a cursor in log order without gaps or repeats', async () => {
      const everything = await trail(`personId=${personId}&limit=1000`);
      const paged: TrailItem[] = [];
      let cursor: string | undefined;
      do {
        const response = await app.request(
          dpo,
          'GET',
          `/audit/trail?personId=${personId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        paged.push(...response.body.items);
        cursor = response.body.nextCursor;
      } while (cursor);
      // Reading the trail is itself logged, so later pages may show the DPO's earlier page reads.
      expect(paged.slice(0, everything.length).map((e) => e.entryId)).toEqual(everything.map((e) => e.entryId));
      expect(new Set(paged.map((e) => e.entryId)).size).toBe(paged.length);
      expect([...paged.map((e) => e.seq)].sort()).toEqual(paged.map((e) => e.seq));
    });

    it('logs the DPO’s read of the trail before answering', async () => {
      const correlation = 'trail-read-0001';
      await app.request(dpo, 'GET', `/audit/trail?personId=${personId}`, undefined, {
        'x-correlation-id': correlation,
      });
      const logged = await app.eventStore.readStream(`access-${correlation}`);
      expect(logged.map((e) => [e.type, e.metadata.actor.sub, (e.data as { personIds: string[] }).personIds])).toEqual([
        ['PersonalDataAccessed', dpo.sub, [personId]],
      ]);
    });
  });

  describe('when the trail is exported as CSV', () => {
    it('starts with a UTF-8 BOM, separates by semicolons and names the columns in German', async () => {
      const response = await app.request(dpo, 'GET', `/audit/trail?personId=${personId}&format=csv`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
      expect(response.text.charCodeAt(0)).toBe(0xfeff);
      const lines = response.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]!.split(';')).toEqual(
        expect.arrayContaining(['Vorgang', 'Personen-ID', 'Rolle', 'Behörde', 'Zweck']),
      );
      const json = await trail(`personId=${personId}&limit=1000`);
      // The CSV was produced before the JSON read above was logged, so it has one row fewer at most.
      expect(lines.length - 1).toBeGreaterThanOrEqual(json.length - 1);
      expect(lines.slice(1).every((l) => l.includes(personId))).toBe(true);
      expect(response.text).toContain(`;${colleague.sub};caseworker;KI;benefit-application;`);
    });

    it('separates by commas when asked', async () => {
      const response = await app.request(dpo, 'GET', `/audit/trail?personId=${personId}&format=csv&separator=,`);
      const header = response.text.slice(1).split('\r\n')[0]!;
      expect(header.split(',')).toContain('Behörde');
      expect(header).not.toContain(';');
    });
  });

  describe('when the privacy officer prepares the subject access report (Art. 15 DSGVO)', () => {
    it('lists the data held and every access by role, agency, time and purpose, naming no staff member', async () => {
      const response = await app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report`);
      expect(response.status).toBe(200);
      const report = response.body;
      expect(report.personalData).toMatchObject({ givenName: 'Małgorzata', familyName: 'Wiśniewska-Öztürk' });
      expect(
        report.accesses.map((a: { role: string; agency: string; purpose: string }) => [a.role, a.agency, a.purpose]),
      ).toEqual(
        expect.arrayContaining([
          ['caseworker', 'KI', 'case-management'],
          ['caseworker', 'KI', 'benefit-application'],
          ['privacy_officer', 'KI', 'data-subject-rights'],
        ]),
      );
      expect(report.refusedAccesses.map((a: { role: string }) => a.role)).toEqual(['caseworker', 'caseworker']);
      // CJEU C-579/21: staff by role and agency, not by identity.
      for (const sub of [registrar.sub, colleague.sub, stranger.sub, privacyOfficer.sub]) {
        expect(response.text).not.toContain(sub);
      }
      expect(report).toMatchObject({
        language: 'de',
        controller: { name: expect.any(String) },
        dataProtectionOfficer: { email: expect.any(String) },
        complaintAuthority: { name: expect.stringContaining('LDI NRW') },
      });
      expect(report.rights.map((r: { article: string }) => r.article)).toEqual(
        expect.arrayContaining(['Art. 15 DSGVO', 'Art. 16 DSGVO', 'Art. 17 DSGVO', 'Art. 21 DSGVO']),
      );
      expect(report.cases).toHaveLength(1);
      expect(report.purposes.map((p: { purpose: string }) => p.purpose)).toEqual(
        expect.arrayContaining(['case-management', 'benefit-application']),
      );
    });

    it('renders a printable German page with every value escaped', async () => {
      const response = await app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report?format=html`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(response.text).toContain('Auskunft nach Art. 15 DSGVO');
      expect(response.text).toContain('Wiśniewska-Öztürk');
      expect(response.text).toContain('§ 2 FreizügG/EU');
      expect(response.text).toMatch(/@page \{ size: A4/);
      // v2: German labels and dates, rights, complaint authority, no English codes or ISO dates.
      expect(response.text).toContain('Landesbeauftragte für Datenschutz und Informationsfreiheit');
      expect(response.text).toContain('Fallmanager/in');
      expect(response.text).not.toContain('>caseworker<');
      expect(response.text).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
      const english = await app.request(
        privacyOfficer,
        'GET',
        `/privacy/persons/${personId}/report?format=html&lang=en`,
      );
      expect(english.text).toContain('Access report under Art. 15 GDPR');
      expect(english.text).toContain('Right to lodge a complaint');
    });

    it('records the report as an access to the person', async () => {
      const correlation = 'art15-report-0001';
      await app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report`, undefined, {
        'x-correlation-id': correlation,
      });
      const [logged] = await app.eventStore.readStream(`access-${correlation}`);
      expect(logged?.data).toMatchObject({ personIds: [personId], endpoint: 'GET /api/v1/privacy/persons/:id/report' });
    });
  });

  describe('when someone other than the DPO asks for the trail', () => {
    it.each<[string, Caller]>([
      ['a caseworker', registrar],
      ['a team lead', teamLead],
      ['an admin', { role: 'admin', sub: 'ops-01' }],
    ])('refuses %s with 403', async (_who, caller) => {
      expect((await app.request(caller, 'GET', '/audit/trail')).status).toBe(403);
      expect((await app.request(caller, 'GET', `/privacy/persons/${personId}/report`)).status).toBe(403);
    });

    it('refuses the DPO the Art. 15 report: the DPO monitors and does not run requests (Art. 38(6) DSGVO)', async () =>
      expect((await app.request(dpo, 'GET', `/privacy/persons/${personId}/report`)).status).toBe(403));
  });
});

describe('the CSV and HTML renderings', () => {
  it('defuse formulas and quote separators in CSV fields', () => {
    const entry = {
      entryId: 'e1',
      position: '7',
      seq: '00000000000000000007',
      at: '2026-11-25T10:00:00.000Z',
      action: 'person-restricted',
      eventType: 'PersonRestricted',
      personId: null,
      actorSub: '=HYPERLINK("http://evil")',
      actorRole: 'dpo',
      actorAgency: 'KI',
      purpose: null,
      legalBasis: 'SGB X §71; Abs. 2',
      correlationId: 'c1',
      details: { reason: 'a "quoted" reason' },
    };
    const [, row] = auditTrailCsv([entry], ';').slice(1).split('\r\n');
    expect(row).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(row).toContain(';"SGB X §71; Abs. 2";');
    expect(row).toContain('25.11.2026, 11:00:00');
    // Issue 13: blanks before the formula character no longer hide it.
    const hidden = auditTrailCsv([{ ...entry, actorSub: ' \t@SUM(1+1)*cmd' }], ';')
      .slice(1)
      .split('\r\n')[1];
    expect(hidden).toContain(`;' \t@SUM(1+1)*cmd;`);
  });

  it('escape markup in the Art. 15 page', async () => {
    const app = await TestApp.start();
    try {
      const cw: Caller = { role: 'caseworker', sub: 'cw-html' };
      const { personId } = (
        await app.request(cw, 'POST', '/persons', {
          ...person,
          givenName: '<script>alert(1)</script>',
          familyName: 'O\'Brien & "Söhne"',
        })
      ).body;
      const page = await app.request(privacyOfficer, 'GET', `/privacy/persons/${personId}/report?format=html`);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text).toContain('O&#39;Brien &amp; &quot;Söhne&quot;');
    } finally {
      await app.stop();
    }
  });
});
