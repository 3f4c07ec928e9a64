import { LinkLegacyCases } from '../../src/case-management/link-legacy-cases.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/**
 * Old events stay readable: a store of version 1 has cases the person's file does not list (need to know
 * is decided on that list since v2) and CaseClosed events without `closedAt` (upcast from the metadata).
 */
const registrar: Caller = { role: 'caseworker', sub: 'cw-v1-reg' };
const assignee: Caller = { role: 'caseworker', sub: 'cw-v1' };

const v1 = (type: string, data: Record<string, unknown>, n: number, occurredAt: string): NewEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type,
  data,
  metadata: {
    schemaVersion: 1,
    commandId: `v1-command-${n}`,
    correlationId: `v1-${n}`,
    causationId: `v1-command-${n}`,
    actor: { sub: 'tl-v1', role: 'team_lead', agency: 'KI' },
    occurredAt,
  },
});

describe('a store written by version 1', () => {
  let app: TestApp;
  let personId: string;
  const caseId = '00000000-0000-4000-8000-0000000000c1';

  beforeAll(async () => {
    app = await TestApp.start();
    personId = (
      await app.request(registrar, 'POST', '/persons', {
        givenName: 'Alt',
        familyName: 'Bestand',
        dateOfBirth: '1970-01-01',
        nationality: 'TR',
        municipality: 'Hilden',
        languages: ['tr'],
        residenceStatus: 'Niederlassungserlaubnis',
        participation: PARTICIPATION,
      })
    ).body.personId;
    // As version 1 wrote them: the case stream only, the person's file knows nothing of the case.
    await app.eventStore.appendToStream(
      `case-${caseId}`,
      [
        v1(
          'CaseOpened',
          { caseId, personId, municipality: 'Hilden', openedBy: registrar.sub },
          1,
          '2025-03-01T09:00:00.000Z',
        ),
        v1(
          'CaseAssigned',
          { caseId, personId, caseworkerId: assignee.sub, assignedBy: 'tl-v1' },
          2,
          '2025-03-02T09:00:00.000Z',
        ),
      ],
      'no_stream',
    );
  });
  afterAll(() => app.stop());

  it('gives the assignee of an old case no access until the case is linked to the person’s file', async () => {
    expect((await app.request(assignee, 'GET', `/persons/${personId}`)).status).toBe(403);
    expect(await app.app.get(LinkLegacyCases).linkAll()).toBe(1);
    expect((await app.request(assignee, 'GET', `/persons/${personId}`)).status).toBe(200);
    // The registrar's access ended with the (old) assignment.
    expect((await app.request(registrar, 'GET', `/persons/${personId}`)).status).toBe(403);
  });

  it('links each case once, however often it runs', async () => {
    expect(await app.app.get(LinkLegacyCases).linkAll()).toBe(0);
    const links = (await app.eventStore.readStream(`person-${personId}`)).filter(
      (e) => e.type === 'CaseOpenedForPerson',
    );
    expect(links).toHaveLength(1);
  });

  it('reads an old CaseClosed without closedAt: the grace period runs from when it happened', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await app.eventStore.appendToStream(
      `case-${caseId}`,
      [v1('CaseClosed', { caseId, personId, reason: 'moved-away', closedBy: assignee.sub }, 3, yesterday)],
      1,
    );
    // Closed yesterday (from the event's metadata): the last assignee still reads within the grace period.
    expect((await app.request(assignee, 'GET', `/persons/${personId}`)).status).toBe(200);
  });
});
