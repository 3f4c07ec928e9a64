import { ProjectionRunnerService } from '../../../src/projection-runner/projection-runner.service.js';
import { daysFromToday } from '../../support/calendar.js';
import { TestApp, type Caller } from '../../support/test-app.js';
import { PARTICIPATION } from '../../support/builders.js';

/** Issue 16, item 5: typed documents, encrypted under the person's key, read through the gate, shredded on erasure. */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-doc-1' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-doc-2' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-doc' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-doc' };
const content = Buffer.from('%PDF-1.7 Aufenthaltstitel DOKMARKER');

describe('documents (HTTP)', () => {
  let app: TestApp;
  let personId: string;
  let documentId: string;
  const caughtUp = async () => {
    const events = await app.allEvents();
    await app.app.get(ProjectionRunnerService).waitFor(events.at(-1)!.position, { timeoutMs: 5000 });
  };

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub, stranger.sub]);
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Dokument',
        familyName: 'Ablage',
        dateOfBirth: '1992-02-02',
        nationality: 'ER',
        municipality: 'Monheim am Rhein',
        languages: ['ti'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    const caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Monheim am Rhein' }))
      .body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
  });
  afterAll(() => app.stop());

  it('stores a permit encrypted, lists it, reads it back (logged) and brings it up before it expires', async () => {
    const stored = await app.request(
      caseworker,
      'POST',
      `/persons/${personId}/documents`,
      {
        kind: 'residence-permit',
        contentType: 'application/pdf',
        contentBase64: content.toString('base64'),
        fileName: 'aufenthaltstitel-DOKMARKER.pdf',
        validUntil: daysFromToday(20),
      },
      { 'content-type': 'application/vnd.kim.document+json' },
    );
    expect(stored.status).toBe(201);
    documentId = stored.body.documentId;
    expect(stored.body).toMatchObject({ personId, size: content.length });

    const raw = (await app.allEvents()).find((e) => e.type === 'DocumentStored')!;
    expect(JSON.stringify(raw.data)).not.toContain('DOKMARKER');
    expect(JSON.stringify(raw.data)).not.toContain(content.toString('base64'));

    await caughtUp();
    const list = await app.request(caseworker, 'GET', `/persons/${personId}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.documents).toEqual([
      expect.objectContaining({
        documentId,
        kind: 'residence-permit',
        kindLabel: 'Aufenthaltstitel',
        size: content.length,
      }),
    ]);
    expect(list.text).not.toContain('DOKMARKER');

    const read = await app.request(caseworker, 'GET', `/persons/${personId}/documents/${documentId}`, undefined, {
      'x-correlation-id': 'doc-read-1',
    });
    expect(read.status).toBe(200);
    expect(Buffer.from(read.body.contentBase64, 'base64')).toEqual(content);
    expect(read.body.fileName).toBe('aufenthaltstitel-DOKMARKER.pdf');
    const logged = await app.eventStore.readStream('access-doc-read-1');
    expect(logged.map((e) => e.type)).toContain('PersonalDataAccessed');

    const tasks = await app.request(caseworker, 'GET', '/tasks?kind=document-expiry');
    expect(tasks.body.items).toEqual([
      expect.objectContaining({ subjectId: documentId, concernsOn: daysFromToday(20) }),
    ]);
  });

  it('refuses a mismatching type, an unknown kind and a stranger; answers 404 for a missing document', async () => {
    const disguised = await app.request(caseworker, 'POST', `/persons/${personId}/documents`, {
      kind: 'certificate',
      contentType: 'application/pdf',
      contentBase64: Buffer.from('MZ\u0090 executable').toString('base64'),
    });
    expect(disguised.status).toBe(400);
    expect(disguised.body.fields[0]).toMatchObject({
      field: 'contentBase64',
      messageDe: expect.stringContaining('Dateityp'),
    });
    const unknownKind = await app.request(caseworker, 'POST', `/persons/${personId}/documents`, {
      kind: 'diary',
      contentType: 'text/html',
      contentBase64: 'PGh0bWw+',
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.fields.map((f: { field: string }) => f.field)).toEqual(['kind', 'contentType']);
    expect((await app.request(stranger, 'GET', `/persons/${personId}/documents/${documentId}`)).status).toBe(403);
    expect(
      (
        await app.request(stranger, 'POST', `/persons/${personId}/documents`, {
          kind: 'certificate',
          contentType: 'application/pdf',
          contentBase64: content.toString('base64'),
        })
      ).status,
    ).toBe(403);
    const missing = await app.request(
      caseworker,
      'GET',
      `/persons/${personId}/documents/00000000-0000-4000-8000-00000000dead`,
    );
    expect(missing.status).toBe(404);
  });

  it('refuses a file above the size limit without a server error', async () => {
    const huge = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(6 * 1024 * 1024)]).toString('base64');
    const answer = await app.request(
      caseworker,
      'POST',
      `/persons/${personId}/documents`,
      { kind: 'certificate', contentType: 'application/pdf', contentBase64: huge },
      { 'content-type': 'application/vnd.kim.document+json' },
    );
    expect([400, 413]).toContain(answer.status);
  });

  it('shreds the content with the person: after erasure nothing of the document can be read', async () => {
    const requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/erasure`, {
      reason: 'Antrag vom 01.12.2026',
    });
    expect(requested.status).toBe(202);
    const approved = await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {});
    expect(approved.status).toBe(200);
    const read = await app.request(caseworker, 'GET', `/persons/${personId}/documents/${documentId}`);
    expect(read.status).toBe(410);
    expect(read.text).not.toContain('DOKMARKER');
    await caughtUp();
    expect((await app.request(caseworker, 'GET', '/tasks?kind=document-expiry')).body.items).toEqual([]);
  });
});
