import { AUDIT_TRAIL, auditTrailProjection, type AuditEntry } from '../../projections/audit-trail.projection.js';
import type { PersonalDataAccessed } from '../../src/personal-data/access.events.js';
import {
  CASE_ID,
  CASEWORKER,
  PARTICIPATION_RECORDED,
  PERSON_ID,
  T0,
  T1,
  caseOpened,
  consentWithdrawn,
  personErased,
  personRegistered,
} from '../support/builders.js';
import { docsOf, project, recorded, replayed } from '../support/projection-harness.js';

const P2 = '00000000-0000-4000-8000-0000000000a2';
const P3 = '00000000-0000-4000-8000-0000000000a3';
const caseworker = { sub: CASEWORKER, role: 'caseworker' as const, agency: 'KI' };
const dpo = { sub: 'dpo-01', role: 'dpo' as const, agency: 'KI' };

const read = (personIds: string[], grounds?: Record<string, string>) => ({
  type: 'PersonalDataAccessed' as const,
  data: {
    personIds,
    dataCategories: ['identity'],
    purpose: 'case-management',
    endpoint: '/api/v1/persons',
    method: 'GET',
    ...(grounds ? { grounds } : {}),
  } satisfies PersonalDataAccessed['data'],
  streamName: 'access-corr-9',
  metadata: { actor: caseworker, purpose: 'case-management', correlationId: 'corr-9', occurredAt: T1 },
});

const log = recorded([
  { ...personRegistered(), streamName: `person-${PERSON_ID}`, metadata: { actor: caseworker, occurredAt: T0 } },
  { ...caseOpened(), streamName: `case-${CASE_ID}`, metadata: { actor: caseworker, occurredAt: T0 } },
  {
    ...consentWithdrawn(),
    streamName: `person-${PERSON_ID}`,
    metadata: { actor: caseworker, legalBasis: 'Art. 7(3) DSGVO', occurredAt: T1 },
  },
  read([PERSON_ID, P2, P3], { [PERSON_ID]: 'assigned', [P2]: 'deputy', [P3]: 'registered' }),
  {
    type: 'UnauthenticatedRequestsCounted',
    data: {
      minute: '2026-02-01T10:00Z',
      address: '203.0.113.0',
      count: 3,
      reasons: { 'token-expired': 3 },
      routes: { 'GET /api/v1/persons/:id': 3 },
      instanceId: 'i-1',
    },
    streamName: 'security-u1',
    metadata: { actor: { sub: 'system', role: 'admin', agency: 'KI' }, occurredAt: T1 },
  },
  {
    ...personErased(),
    streamName: `person-${PERSON_ID}`,
    metadata: { actor: { sub: 'po-01', role: 'privacy_officer', agency: 'KI' }, occurredAt: T1 },
  },
]);

const entries = async (events = log) =>
  [...docsOf(await project(auditTrailProjection, events), AUDIT_TRAIL).values()] as AuditEntry[];

describe('audit trail projection', () => {
  describe('given a person registered, a case opened, a consent withdrawn, a list read, refused requests, an erasure', () => {
    it('keeps one entry per event and person concerned, in log order, named by action', async () => {
      const trail = (await entries()).sort((a, b) => a.entryId.localeCompare(b.entryId));
      expect(trail.map((e) => [e.action, e.personId])).toEqual([
        ['person-registered', PERSON_ID],
        ['case-opened', PERSON_ID],
        ['consent-withdrawn', PERSON_ID],
        ['access', PERSON_ID],
        ['access', P2],
        ['access', P3],
        ['unauthenticated-requests', null],
        ['person-erased', PERSON_ID],
      ]);
      expect(trail.map((e) => e.seq)).toEqual([...trail.map((e) => e.seq)].sort());
    });

    it('takes actor, purpose and legal basis from the metadata, null where the event had none', async () => {
      const trail = await entries();
      expect(trail.find((e) => e.action === 'consent-withdrawn')).toMatchObject({
        actorSub: CASEWORKER,
        actorRole: 'caseworker',
        actorAgency: 'KI',
        purpose: null,
        legalBasis: 'Art. 7(3) DSGVO',
        correlationId: 'corr-1',
        eventType: 'ConsentWithdrawn',
      });
      expect(trail.find((e) => e.action === 'access')).toMatchObject({ purpose: 'case-management' });
    });

    it('never copies the personal part, the residue or the person ids into the details', async () => {
      const trail = await entries();
      const registered = trail.find((e) => e.action === 'person-registered')!;
      // The basis of the KI's own processing is codes only (issue 14 item 5); its evidence stays encrypted.
      expect(registered.details).toEqual({ registeredBy: CASEWORKER, participation: PARTICIPATION_RECORDED });
      expect(trail.find((e) => e.action === 'consent-withdrawn')!.details).not.toHaveProperty('personal');
      expect(JSON.stringify(trail)).not.toContain('Aylin');
    });

    it('gives each person of a list read only their own ground, not the others shown with them', async () => {
      const reads = (await entries()).filter((e) => e.action === 'access');
      expect(reads.map((e) => [e.personId, e.details.ground])).toEqual([
        [PERSON_ID, 'assigned'],
        [P2, 'deputy'],
        [P3, 'registered'],
      ]);
      for (const entry of reads) {
        expect(entry.details).not.toHaveProperty('grounds');
        expect(entry.details).not.toHaveProperty('personIds');
      }
    });
  });

  describe('given a read logged before version 2 (without grounds)', () => {
    it('keeps the entry without a ground', async () => {
      const [entry] = await entries(recorded([read([PERSON_ID])]));
      expect(entry!.details).toEqual({
        dataCategories: ['identity'],
        purpose: 'case-management',
        endpoint: '/api/v1/persons',
        method: 'GET',
      });
    });
  });

  describe('given a refused request naming no person', () => {
    it('keeps one entry without a person, with the actor', async () => {
      const denied = recorded([
        {
          type: 'AccessDenied',
          data: { status: 403, endpoint: '/api/v1/audit/trail', method: 'GET', reason: 'role', personIds: [] },
          streamName: 'security-corr-2',
          metadata: { actor: caseworker },
        },
      ]);
      expect(await entries(denied)).toEqual([
        expect.objectContaining({ action: 'access-denied', personId: null, actorSub: CASEWORKER }),
      ]);
    });
  });

  describe('given events the trail does not list', () => {
    it('ignores them', async () => {
      const other = recorded([
        { type: 'StaffMemberRecorded', data: { caseworkerId: 'cw-07' }, metadata: { actor: dpo } },
      ]);
      expect(await entries(other)).toEqual([]);
    });
  });

  describe('given the whole history replayed', () => {
    it('changes nothing', async () => {
      const { once, fromEachPoint, twiceEach } = await replayed(auditTrailProjection, log);
      for (const replay of fromEachPoint) expect(replay).toEqual(once);
      expect(twiceEach).toEqual(once);
    });
  });
});
