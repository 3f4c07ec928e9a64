import type { SchemaObject } from '@nestjs/swagger';
import { CASEWORK_SCHEMAS } from './casework-schemas.js';

/**
 * Response schemas of the API, by name, installed under components.schemas by enrichDocument and named
 * in controllers with @ApiDoc({ ok: 'Name' }). Fields listed are those the API promises; answers may
 * carry more (additionalProperties stay allowed, so adding a field is not a breaking change).
 */
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const day: SchemaObject = { type: 'string', format: 'date' };
const text: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };
const obj = (properties: Record<string, SchemaObject>, required: string[] = Object.keys(properties)): SchemaObject => ({
  type: 'object',
  properties,
  required,
});
const list = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
const paged = (items: string): SchemaObject =>
  obj(
    {
      items: list(ref(items)),
      nextCursor: { type: 'string', description: 'opaque; send as `cursor` for the next page' },
    },
    ['items'],
  );

export const RESPONSE_SCHEMAS = {
  ErrorResponse: obj(
    {
      statusCode: int,
      error: { type: 'string', example: 'Bad Request' },
      message: { oneOf: [text, list(text)], description: 'what went wrong (for 400, the field messages)' },
      reasons: { ...list(text), description: '422: the machine-readable reasons of a refusal' },
    },
    ['statusCode', 'error', 'message'],
  ),
  PersonCreated: obj({ personId: uuid }),
  Person: obj(
    {
      personId: uuid,
      givenName: text,
      familyName: text,
      dateOfBirth: day,
      nationality: { type: 'string', description: 'ISO 3166-1 alpha-2' },
      municipality: text,
      languages: list(text),
      residenceStatus: text,
      registeredAt: instant,
      caseIds: list(uuid),
      restricted: { type: 'boolean' },
      erased: { type: 'boolean' },
      participation: ref('ParticipationBasis'),
    },
    ['personId', 'municipality', 'registeredAt', 'caseIds', 'restricted', 'erased'],
  ),
  ParticipationBasis: obj(
    {
      kind: {
        type: 'string',
        enum: ['consent', 'public-task', 'not-recorded'],
        description:
          'not-recorded: registered before the basis was required (vor Erfassung der Verarbeitungsgrundlage)',
      },
      code: { type: 'string', description: 'a code of the catalogue participationBases' },
      norm: { type: 'string', example: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW' },
      label: obj({ de: text, en: text }),
      withdrawnAt: { ...instant, description: 'Art. 7(3) DSGVO: the participation consent was withdrawn' },
    },
    ['kind', 'label'],
  ),
  ParticipationWithdrawn: obj({ personId: uuid, withdrawnAt: instant }),
  ParticipationRecorded: obj({ personId: uuid, recordedAt: instant }),
  ConsentCreated: obj(
    { consentId: uuid, refused: { type: 'boolean', description: 'true when the consent was recorded as refused' } },
    ['consentId'],
  ),
  ConsentWithdrawn: obj({ consentId: uuid, status: { type: 'string', enum: ['withdrawn'] }, withdrawnAt: instant }),
  ConsentList: obj({
    personId: uuid,
    consents: list({
      type: 'object',
      properties: {
        consentId: uuid,
        status: text,
        recipients: list(text),
        dataCategories: list(text),
        purposes: list(text),
        validUntil: day,
      },
    }),
  }),
  CaseCreated: obj({ caseId: uuid, revision: int }),
  CaseAssigned: obj({ caseId: uuid, caseworkerId: text, revision: int }),
  CaseActionRecorded: obj({ actionId: uuid, revision: int }),
  CaseStatus: obj({ caseId: uuid, status: { type: 'string', enum: ['open', 'closed'] }, revision: int }),
  Case: obj(
    {
      caseId: uuid,
      personId: uuid,
      status: { type: 'string', enum: ['open', 'closed'] },
      municipality: text,
      timeline: list({ type: 'object' }),
      timelineOlderCursor: text,
    },
    ['caseId', 'personId', 'status', 'timeline'],
  ),
  Caseload: obj({
    limit: int,
    caseworkers: list(
      obj({
        caseworkerId: text,
        active: int,
        limit: int,
        utilisation: { type: 'number', description: 'active / limit' },
      }),
    ),
  }),
  TransferDone: obj(
    {
      transferId: uuid,
      status: { type: 'string', enum: ['transferred', 'awaiting-approval'] },
      at: instant,
      basis: { type: 'object', properties: { code: text, norm: text } },
    },
    ['transferId', 'status'],
  ),
  TransferAcknowledged: obj({ transferId: uuid, acknowledgedAt: instant }),
  LegalBases: obj(
    {
      regime: { type: 'string', enum: ['sgb', 'dsg-nrw'] },
      rows: list(
        obj(
          {
            code: text,
            kind: { type: 'string', enum: ['consent', 'statutory'] },
            norm: text,
            title: text,
            recipients: { oneOf: [text, list(obj({ code: text, label: text }))] },
            secondPersonApproval: { type: 'object' },
          },
          ['code', 'kind', 'norm', 'title'],
        ),
      ),
    },
    ['regime', 'rows'],
  ),
  Catalogue: obj(
    {
      version: int,
      agencies: list(obj({ code: text, label: text, kind: text, legacy: { type: 'boolean' } }, ['code', 'label'])),
      municipalities: list(obj({ code: text, label: text })),
      dataCategories: list(obj({ code: text, label: text }, ['code', 'label'])),
      purposes: list(obj({ code: text, label: text }, ['code', 'label'])),
      bases: list(obj({ code: text, norm: text, label: text }, ['code', 'norm', 'label'])),
      reasons: list(obj({ code: text, label: text }, ['code', 'label'])),
      provenanceTags: list(obj({ code: text, label: text, needsEntruster: { type: 'boolean' } }, ['code', 'label'])),
      participationBases: {
        ...list(
          obj({ code: text, kind: { type: 'string', enum: ['consent', 'public-task'] }, norm: text, label: text }, [
            'code',
            'kind',
            'norm',
            'label',
          ]),
        ),
        description: 'bases of the KI’s own processing a registration may name (POST /persons participation.basis)',
      },
    },
    ['agencies', 'municipalities', 'dataCategories', 'purposes', 'bases', 'reasons'],
  ),
  ReferralMade: obj({ referralId: uuid, transferId: uuid, agency: text }),
  ReferralFeedbackGiven: obj({
    referralId: uuid,
    outcome: { type: 'string', enum: ['accepted', 'started', 'completed', 'declined'] },
  }),
  ReferralList: obj({
    items: list(
      obj(
        {
          referralId: uuid,
          caseId: uuid,
          agency: text,
          transferId: uuid,
          at: instant,
          summary: { type: 'object', nullable: true },
          feedback: list(obj({ outcome: text, at: instant, note: { type: 'object', nullable: true } }, ['outcome'])),
        },
        ['referralId', 'caseId', 'agency', 'transferId'],
      ),
    ),
  }),
  TransferRejected: obj({ transferId: uuid, status: { type: 'string', enum: ['rejected'] } }),
  Transfer: obj(
    {
      transferId: uuid,
      personId: uuid,
      toAgency: text,
      dataCategories: list(text),
      purpose: text,
      legalBasis: text,
      at: instant,
      justification: { type: 'object', nullable: true },
    },
    ['transferId', 'personId', 'toAgency'],
  ),
  TransferPage: paged('Transfer'),
  AuditEntry: obj(
    {
      entryId: text,
      position: { type: 'string', description: 'log position (a 64-bit number as text)' },
      seq: text,
      at: instant,
      action: text,
      eventType: text,
      personId: { type: 'string', format: 'uuid', nullable: true },
      actorSub: text,
      actorRole: text,
      actorAgency: text,
      purpose: { type: 'string', nullable: true },
      legalBasis: { type: 'string', nullable: true },
      correlationId: text,
      details: {
        type: 'object',
        description: 'non-personal facts of the event; for reads `endpoint` and, from the console, `page`',
      },
    },
    ['entryId', 'at', 'action', 'actorSub', 'actorRole', 'actorAgency'],
  ),
  AuditTrailPage: paged('AuditEntry'),
  SubjectAccessReport: {
    type: 'object',
    description: 'Art. 15 DSGVO report: data, purposes, recipients, retention, source, rights, complaint authority',
  },
  Restriction: obj({ personId: uuid, restricted: { type: 'boolean' }, at: instant }),
  ErasureRequest: obj({ erasureId: uuid, personId: uuid, status: { type: 'string', enum: ['awaiting-approval'] } }),
  ErasureDecision: obj(
    {
      erasureId: uuid,
      personId: uuid,
      status: { type: 'string', enum: ['erased', 'rejected'] },
      erasedAt: instant,
      recipientsToNotify: list(text),
    },
    ['erasureId', 'personId', 'status'],
  ),
  ErasureRecord: obj(
    {
      erasureId: uuid,
      personId: uuid,
      status: { type: 'string', enum: ['awaiting-approval', 'erased', 'rejected'] },
      reason: text,
      requestId: text,
      requestedBy: text,
      requestedAt: instant,
      decidedBy: text,
      decidedAt: instant,
    },
    ['erasureId', 'personId', 'status', 'requestedBy', 'requestedAt'],
  ),
  ErasureRecordPage: paged('ErasureRecord'),
  ErasureNotice: obj(
    {
      noticeId: text,
      erasureId: { ...uuid, nullable: true },
      personId: uuid,
      agency: text,
      status: { type: 'string', enum: ['open', 'acknowledged'] },
      createdAt: instant,
      acknowledgedAt: instant,
    },
    ['noticeId', 'personId', 'agency', 'status', 'createdAt'],
  ),
  ErasureNoticePage: paged('ErasureNotice'),
  ErasureReview: obj({
    personId: uuid,
    trigger: { type: 'string', enum: ['consent-withdrawn', 'participation-ended', 'objection'] },
    raisedAt: instant,
    status: { type: 'string', enum: ['open', 'done'] },
    sourceId: uuid,
  }),
  ErasureReviewPage: paged('ErasureReview'),
  AnomalyReview: obj({ eventId: uuid, reviewed: { type: 'boolean' }, breachId: uuid }, ['eventId', 'reviewed']),
  BreachCreated: obj({ breachId: uuid, deadline: instant }),
  BreachState: obj({ breachId: uuid, status: text, risk: text }),
  Breaches: obj({
    items: list(
      obj(
        {
          breachId: uuid,
          discoveredAt: instant,
          deadline: instant,
          description: text,
          anomalyEventIds: list(uuid),
          status: { type: 'string', enum: ['open', 'assessed'] },
          risk: text,
          authorityNotifiedAt: instant,
          overdue: { type: 'boolean' },
          hoursLeft: { type: 'integer', nullable: true },
        },
        ['breachId', 'discoveredAt', 'deadline', 'status', 'overdue'],
      ),
    ),
  }),
  RecordOfProcessing: {
    type: 'object',
    description:
      'Art. 30 DSGVO record: controller, purposes, data subjects, categories, recipients, bases, retention, roles, measures',
  },
  LitigationHold: obj({ personId: uuid, litigationHold: { type: 'boolean' }, at: instant }),
  DuplicateCheck: obj({ result: { type: 'string', enum: ['exists', 'none'] }, message: text, messageDe: text }),
  PersonUpdated: obj({ personId: uuid, recorded: list(text) }),
  Objection: obj({ personId: uuid, restricted: { type: 'boolean' }, recorded: list(text) }),
  RightsRequestCreated: obj({ requestId: uuid, dueOn: day }),
  RightsRequestState: obj({ requestId: uuid, status: { type: 'string', enum: ['open', 'closed'] }, dueOn: day }),
  RightsRequest: obj(
    {
      requestId: uuid,
      personId: uuid,
      kind: { type: 'string', enum: ['access', 'rectification', 'erasure', 'restriction', 'objection'] },
      channel: text,
      receivedOn: day,
      dueOn: day,
      status: { type: 'string', enum: ['open', 'closed'] },
      overdue: { type: 'boolean' },
      extension: obj({ months: int, reason: text, extendedBy: text }),
      outcome: { type: 'string', enum: ['granted', 'partially-granted', 'refused', 'withdrawn'] },
      closedOn: day,
    },
    ['requestId', 'personId', 'kind', 'channel', 'receivedOn', 'dueOn', 'status', 'overdue'],
  ),
  RightsRequestPage: paged('RightsRequest'),
  ErasureNoticeReceipt: obj({ personId: uuid, agency: text, status: { type: 'string', enum: ['acknowledged'] } }),
  ChainVerification: obj(
    {
      ok: { type: 'boolean' },
      events: { type: 'integer', description: 'every event counted' },
      firstBadEvent: { type: 'object' },
      checkpoint: { type: 'object' },
    },
    ['ok', 'events'],
  ),
  Anomalies: obj({
    settings: obj({ timeZone: text, officeDays: list(int), officeHours: text, bulkReadThreshold: int }),
    counts: { type: 'object', additionalProperties: int },
    anomalies: list(
      obj({
        kind: text,
        description: text,
        eventId: uuid,
        eventType: text,
        position: text,
        at: instant,
        actor: obj({ sub: text, role: text, agency: text }),
        personIds: list(uuid),
        details: { type: 'object' },
      }),
    ),
  }),
  FindingCreated: obj({ findingId: uuid }),
  Findings: obj({
    items: list({
      type: 'object',
      properties: { findingId: uuid, topic: text, title: text, description: text, recordedAt: instant },
    }),
  }),
  CommitteeReport: {
    type: 'object',
    description: 'the committee report (JSON); CSV and German A4 HTML with format=csv|html',
  },
  Health: obj({
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    live: { type: 'boolean' },
    ready: { type: 'boolean' },
    eventStore: { type: 'object' },
    readStore: { type: 'object' },
    projections: list({ type: 'object' }),
  }),
  Metrics: { type: 'string', description: 'Prometheus text exposition format' },
  Checkpoints: obj(
    {
      log: text,
      writes: { type: 'string', enum: ['open', 'refused', 'pending'] },
      total: int,
      checkpoints: list({ type: 'object', description: 'signed note: position, root, lane heads, time' }),
      nextBefore: { type: 'string', description: 'send as `before` for older checkpoints' },
    },
    ['total', 'checkpoints'],
  ),
  ReadModelCheck: obj({
    ok: { type: 'boolean' },
    checkedAt: instant,
    projections: list({ type: 'object' }),
    differing: list(text),
  }),
  StateReport: { type: 'object', description: 'state figures (JSON); CSV for Excel with format=csv' },
  StaffMember: obj(
    {
      caseworkerId: text,
      provider: text,
      fte: { type: 'number' },
      baustein: { type: 'integer', enum: [1, 2, 3] },
      activeFrom: day,
      activeUntil: day,
      caseloadLimit: int,
    },
    ['caseworkerId', 'provider', 'fte', 'baustein', 'caseloadLimit'],
  ),
  StaffRegister: obj({ casesPerFullTimePost: int, items: list(ref('StaffMember')) }),
  DeputyGrant: obj({ grantId: uuid, personId: uuid, caseId: uuid, caseworkerId: text, until: day }, [
    'grantId',
    'personId',
    'caseworkerId',
    'until',
  ]),
  DeputyGrantInForce: obj(
    {
      grantId: uuid,
      personId: uuid,
      caseId: uuid,
      caseworkerId: text,
      until: day,
      grantedBy: text,
      grantedAt: instant,
    },
    ['grantId', 'personId', 'caseworkerId', 'until', 'grantedBy', 'grantedAt'],
  ),
  DeputyGrantList: obj({ items: list(ref('DeputyGrantInForce')) }),
  ...CASEWORK_SCHEMAS,
} satisfies Record<string, SchemaObject>;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
