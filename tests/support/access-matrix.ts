import { daysFromToday, todayInGermany } from './calendar.js';
import type { Role } from '../../src/shared/roles.js';
import type { Caller, TestApp } from './test-app.js';
import { PARTICIPATION } from './builders.js';

/**
 * Roles × endpoints: the one table of who may call what (product sections 1–3). Every route the
 * application serves must have a row (tests/e2e/access-matrix.spec.ts checks the OpenAPI document
 * against it), so a new endpoint cannot skip the question. `allowed` lists the roles that pass; every
 * other role must get 403, and a request without a token 401. PUBLIC rows pass for everyone.
 */
export const PUBLIC = 'public' as const;

export interface Fixtures {
  ownPerson: string;
  ownCase: string;
  ownConsent: string;
  withdrawableConsent: string;
  ownTransfer: string;
  /** A referral on ownCase citing ownTransfer (to the matrix agency officer's agency). */
  ownReferral: string;
  closableCase: string;
  /** A goal of the Integrationsplan of `ownCase`. */
  ownGoal: string;
  ownDocument: string;
  otherPerson: string;
  otherCase: string;
  otherAgencyTransfer: string;
  erasablePerson: string;
  restrictablePerson: string;
  /** An erasure requested by another privacy officer, awaiting the second pair of eyes. */
  pendingErasure: string;
  /** Erased after a transfer to the Jobcenter: the Jobcenter has an erasure notice to acknowledge. */
  erasedPerson: string;
  /** An open entry in the register of data-subject requests. */
  rightsRequest: string;
  /** The event behind an anomaly (a refused read), and a breach in the register. */
  anomalyEventId: string;
  breach: string;
}

export interface CellRequest {
  url: string;
  body?: unknown;
}

export interface EndpointRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** As in the OpenAPI document, without the /api/v1 prefix. */
  path: string;
  allowed: readonly Role[] | typeof PUBLIC;
  /** A request that an allowed caller may legitimately make (its answer may still be 4xx for the body or state). */
  request: (f: Fixtures) => CellRequest;
  /** Served outside the /api/v1 prefix (operations endpoints). */
  unprefixed?: true;
}

const CW = 'caseworker';
const TL = 'team_lead';
const AO = 'agency_officer';
const PO = 'privacy_officer';
const DPO = 'dpo';
const COM = 'committee';
const ADM = 'admin';

const person = (familyName: string) => ({
  givenName: 'Matrix',
  familyName,
  dateOfBirth: '1990-05-05',
  nationality: 'UA',
  municipality: 'Mettmann',
  languages: ['uk'],
  residenceStatus: '§ 24 AufenthG',
  participation: PARTICIPATION,
});

const consent = (recipients: string[]) => ({
  recipients,
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  evidence: { kind: 'signed-form', reference: 'KI-MATRIX-1' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
});

const transfer = (personId: string, toAgency = 'JOBCENTER_IP') => ({
  personId,
  toAgency,
  dataCategories: ['identity'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
});

const reason = { reason: 'Prüfung der Zugriffsmatrix' };

const today = todayInGermany;
const pdf = () => ({
  kind: 'residence-permit',
  contentType: 'application/pdf',
  contentBase64: Buffer.from('%PDF-1.7 matrix').toString('base64'),
  validUntil: '2099-01-31',
});
const plan = () => ({
  agreedOn: today(),
  agreement: { kind: 'signed-plan' },
  goals: [{ fieldOfAction: 'language', title: 'Sprachkurs B1', responsible: 'participant', dueOn: '2099-06-30' }],
});

const finding = {
  topic: 'waiting-times',
  title: 'Terminvergabe über zehn Wochen',
  description: 'Lange Wartezeiten auf Termine',
  agencies: ['AUSLAENDERBEHOERDE'],
  municipalities: ['Velbert'],
  caseCount: 23,
};

// prettier-ignore
export const ACCESS_MATRIX: readonly EndpointRow[] = [
  // method  path                                                    allowed roles           request
  { method: 'GET',  path: '/health',                                       allowed: PUBLIC,          request: () => ({ url: '/health' }), unprefixed: true },
  { method: 'POST', path: '/persons',                                      allowed: [CW],            request: () => ({ url: '/persons', body: person('Neu') }) },
  { method: 'GET',  path: '/persons/{id}',                                 allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}` }) },
  { method: 'GET',  path: '/persons',                                      allowed: [CW],            request: () => ({ url: '/persons?name=Matrix%20Eigen&dateOfBirth=1990-05-05' }) },
  { method: 'PATCH', path: '/persons/{id}',                                allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}`, body: { reason: 'Schreibweise laut Pass', residence: { status: 'residence-temporary-protection', validUntil: '2027-03-04' } } }) },
  { method: 'POST', path: '/persons/{id}/participation/withdraw',         allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}/participation/withdraw`, body: reason }) },
  { method: 'POST', path: '/persons/{id}/participation',                  allowed: [CW],            request: (f) => ({ url: `/persons/${f.ownPerson}/participation`, body: PARTICIPATION }) },
  { method: 'POST', path: '/persons/{personId}/consents',                  allowed: [CW],            request: (f) => ({ url: `/persons/${f.ownPerson}/consents`, body: consent(['SCHULAMT']) }) },
  { method: 'POST', path: '/persons/{personId}/consents/{consentId}/withdraw', allowed: [CW],        request: (f) => ({ url: `/persons/${f.ownPerson}/consents/${f.withdrawableConsent}/withdraw`, body: reason }) },
  { method: 'GET',  path: '/persons/{personId}/consents',                  allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}/consents` }) },
  { method: 'POST', path: '/cases',                                        allowed: [CW, TL],        request: (f) => ({ url: '/cases', body: { personId: f.ownPerson, municipality: 'Mettmann' } }) },
  { method: 'POST', path: '/cases/{id}/assign',                            allowed: [TL],            request: (f) => ({ url: `/cases/${f.ownCase}/assign`, body: { caseworkerId: 'cw-matrix' } }) },
  { method: 'POST', path: '/cases/{id}/actions',                           allowed: [CW],            request: (f) => ({ url: `/cases/${f.ownCase}/actions`, body: { type: 'review', occurredAt: todayInGermany(), summary: 'Überprüfung' } }) },
  { method: 'POST', path: '/cases/{id}/close',                             allowed: [CW, TL],        request: (f) => ({ url: `/cases/${f.closableCase}/close`, body: { reason: 'moved-away' } }) },
  { method: 'POST', path: '/cases/{id}/reopen',                            allowed: [CW, TL],        request: (f) => ({ url: `/cases/${f.closableCase}/reopen` }) },
  { method: 'GET',  path: '/cases/{id}',                                   allowed: [CW, TL, PO],    request: (f) => ({ url: `/cases/${f.ownCase}` }) },
  { method: 'POST', path: '/cases/{id}/plan',                              allowed: [CW],            request: (f) => ({ url: `/cases/${f.ownCase}/plan`, body: plan() }) },
  { method: 'POST', path: '/cases/{id}/goals/{goalId}/review',             allowed: [CW],            request: (f) => ({ url: `/cases/${f.ownCase}/goals/${f.ownGoal}/review`, body: { reviewedOn: today(), attainment: 'attained' } }) },
  { method: 'POST', path: '/cases/{id}/contacts',                          allowed: [CW],            request: (f) => ({ url: `/cases/${f.ownCase}/contacts`, body: { contactOn: today(), channel: 'phone', durationMinutes: 15 } }) },
  { method: 'GET',  path: '/cases/waiting',                               allowed: [TL],            request: () => ({ url: '/cases/waiting' }) },
  { method: 'POST', path: '/persons/{personId}/documents',                 allowed: [CW],            request: (f) => ({ url: `/persons/${f.ownPerson}/documents`, body: pdf() }) },
  { method: 'GET',  path: '/persons/{personId}/documents',                 allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}/documents` }) },
  { method: 'GET',  path: '/persons/{personId}/documents/{documentId}',    allowed: [CW, PO],        request: (f) => ({ url: `/persons/${f.ownPerson}/documents/${f.ownDocument}` }) },
  { method: 'GET',  path: '/tasks',                                       allowed: [CW, TL],        request: () => ({ url: '/tasks?assignee=me' }) },
  { method: 'GET',  path: '/cases',                                       allowed: [CW, TL],        request: () => ({ url: '/cases?assignee=me' }) },
  { method: 'GET',  path: '/caseload',                                     allowed: [CW, TL],        request: () => ({ url: '/caseload' }) },
  { method: 'POST', path: '/transfers',                                    allowed: [CW],            request: (f) => ({ url: '/transfers', body: transfer(f.ownPerson) }) },
  { method: 'POST', path: '/transfers/{id}/acknowledge',                   allowed: [AO],            request: (f) => ({ url: `/transfers/${f.ownTransfer}/acknowledge` }) },
  { method: 'POST', path: '/transfers/{id}/approve',                       allowed: [TL],            request: (f) => ({ url: `/transfers/${f.ownTransfer}/approve` }) },
  { method: 'POST', path: '/transfers/{id}/reject',                        allowed: [TL],            request: (f) => ({ url: `/transfers/${f.ownTransfer}/reject`, body: reason }) },
  { method: 'POST', path: '/cases/{id}/referrals',                         allowed: [CW],            request: (f) => ({ url: `/cases/${f.ownCase}/referrals`, body: { agency: 'JOBCENTER_IP', transferId: f.ownTransfer } }) },
  { method: 'GET',  path: '/cases/{id}/referrals',                         allowed: [CW, TL, PO],    request: (f) => ({ url: `/cases/${f.ownCase}/referrals` }) },
  { method: 'POST', path: '/referrals/{id}/feedback',                      allowed: [AO],            request: (f) => ({ url: `/referrals/${f.ownReferral}/feedback`, body: { outcome: 'accepted' } }) },
  { method: 'GET',  path: '/legal-bases',                                  allowed: [CW, TL, AO, PO, DPO, COM, ADM], request: () => ({ url: '/legal-bases' }) },
  { method: 'GET',  path: '/catalogue',                                    allowed: [CW, TL, AO, PO, DPO, COM, ADM], request: () => ({ url: '/catalogue' }) },
  { method: 'GET',  path: '/transfers',                                    allowed: [CW, TL, AO, PO, DPO], request: () => ({ url: '/transfers' }) },
  { method: 'GET',  path: '/staff',                                        allowed: [TL],            request: () => ({ url: '/staff' }) },
  { method: 'PUT',  path: '/staff/{caseworkerId}',                         allowed: [TL],            request: () => ({ url: '/staff/cw-matrix-new', body: { provider: 'KI', fte: 0.5, baustein: 2 } }) },
  { method: 'POST', path: '/deputy-grants',                                allowed: [TL],            request: (f) => ({ url: '/deputy-grants', body: { caseworkerId: 'cw-matrix-other', personId: f.ownPerson, until: daysFromToday(14), reason: 'Urlaubsvertretung' } }) },
  { method: 'GET',  path: '/deputy-grants',                                allowed: [TL],            request: () => ({ url: '/deputy-grants' }) },
  { method: 'GET',  path: '/audit/trail',                                  allowed: [DPO],           request: () => ({ url: '/audit/trail' }) },
  { method: 'GET',  path: '/privacy/persons/{id}/report',                  allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.ownPerson}/report` }) },
  // The rights desk (v2): the privacy officer executes, the DPO reads the queues and executes nothing.
  { method: 'POST', path: '/privacy/persons/{id}/restrict',                allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.restrictablePerson}/restrict`, body: reason }) },
  { method: 'POST', path: '/privacy/persons/{id}/lift-restriction',        allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.restrictablePerson}/lift-restriction`, body: reason }) },
  { method: 'POST', path: '/privacy/persons/{id}/objection',               allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.restrictablePerson}/objection`, body: { grounds: 'Widerspruch gegen die Verarbeitung' } }) },
  { method: 'POST', path: '/privacy/persons/{id}/litigation-hold',         allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.ownPerson}/litigation-hold`, body: reason }) },
  { method: 'POST', path: '/privacy/persons/{id}/lift-litigation-hold',    allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.ownPerson}/lift-litigation-hold`, body: reason }) },
  { method: 'POST', path: '/privacy/persons/{id}/erasure',                 allowed: [PO],            request: (f) => ({ url: `/privacy/persons/${f.erasablePerson}/erasure`, body: reason }) },
  { method: 'POST', path: '/privacy/erasures/{erasureId}/approve',         allowed: [PO, TL],        request: (f) => ({ url: `/privacy/erasures/${f.pendingErasure}/approve`, body: {} }) },
  { method: 'POST', path: '/privacy/erasures/{erasureId}/reject',          allowed: [PO, TL],        request: (f) => ({ url: `/privacy/erasures/${f.pendingErasure}/reject`, body: reason }) },
  { method: 'GET',  path: '/privacy/erasures',                             allowed: [PO, TL, DPO],   request: () => ({ url: '/privacy/erasures' }) },
  { method: 'GET',  path: '/privacy/erasure-notices',                      allowed: [PO, DPO],       request: () => ({ url: '/privacy/erasure-notices' }) },
  { method: 'POST', path: '/privacy/requests',                             allowed: [PO],            request: (f) => ({ url: '/privacy/requests', body: { personId: f.ownPerson, kind: 'access', receivedOn: '2026-01-05', channel: 'letter' } }) },
  { method: 'GET',  path: '/privacy/requests',                             allowed: [PO, DPO],       request: () => ({ url: '/privacy/requests?overdue=true' }) },
  { method: 'POST', path: '/privacy/requests/{requestId}/extend',          allowed: [PO],            request: (f) => ({ url: `/privacy/requests/${f.rightsRequest}/extend`, body: { months: 2, reason: 'Umfangreiche Auskunft über mehrere Stellen' } }) },
  { method: 'POST', path: '/privacy/requests/{requestId}/close',           allowed: [PO],            request: (f) => ({ url: `/privacy/requests/${f.rightsRequest}/close`, body: { outcome: 'granted' } }) },
  { method: 'GET',  path: '/privacy/erasure-reviews',                      allowed: [PO, DPO],       request: () => ({ url: '/privacy/erasure-reviews' }) },
  { method: 'POST', path: '/privacy/persons/{id}/erasure-notice/acknowledge', allowed: [AO],         request: (f) => ({ url: `/privacy/persons/${f.erasedPerson}/erasure-notice/acknowledge` }) },
  { method: 'POST', path: '/audit/anomalies/{eventId}/review',             allowed: [DPO],           request: (f) => ({ url: `/audit/anomalies/${f.anomalyEventId}/review`, body: { note: 'Fehlbedienung, geklärt' } }) },
  { method: 'POST', path: '/audit/breaches',                               allowed: [DPO, PO],       request: () => ({ url: '/audit/breaches', body: { discoveredAt: '2026-01-05T09:00:00Z', description: 'Fehlversand eines Bescheids' } }) },
  { method: 'POST', path: '/audit/breaches/{breachId}/assess',             allowed: [PO],            request: (f) => ({ url: `/audit/breaches/${f.breach}/assess`, body: { risk: 'none' } }) },
  { method: 'GET',  path: '/audit/breaches',                               allowed: [DPO, PO],       request: () => ({ url: '/audit/breaches' }) },
  { method: 'GET',  path: '/audit/record-of-processing',                   allowed: [DPO, PO],       request: () => ({ url: '/audit/record-of-processing' }) },
  { method: 'POST', path: '/audit/trail/search',                           allowed: [DPO],           request: () => ({ url: '/audit/trail/search', body: { action: 'access' } }) },
  { method: 'GET',  path: '/audit/verify',                                 allowed: [DPO, ADM],      request: () => ({ url: '/audit/verify' }) },
  { method: 'GET',  path: '/audit/anomalies',                              allowed: [DPO],           request: () => ({ url: '/audit/anomalies' }) },
  { method: 'GET',  path: '/audit/checkpoints',                            allowed: [DPO],           request: () => ({ url: '/audit/checkpoints?limit=5' }) },
  { method: 'POST', path: '/audit/verify/read-models',                     allowed: [ADM],           request: () => ({ url: '/audit/verify/read-models' }) },
  // Product section 3, walked once the application serves them (the spec lists rows not yet served).
  { method: 'GET',  path: '/reports/committee',                            allowed: [COM, TL],       request: () => ({ url: '/reports/committee?period=2026-Q3' }) },
  { method: 'GET',  path: '/reports/state',                                allowed: [TL],            request: () => ({ url: '/reports/state?year=2026&format=json' }) },
  { method: 'POST', path: '/findings',                                     allowed: [CW, TL],        request: () => ({ url: '/findings', body: finding }) },
  { method: 'GET',  path: '/findings',                                     allowed: [CW, TL, COM],   request: () => ({ url: '/findings' }) },
  { method: 'GET',  path: '/metrics',                                      allowed: [ADM],           request: () => ({ url: '/metrics' }), unprefixed: true },
];

/** One caller per role; the caseworker owns `ownPerson`, the agency officer works for the Jobcenter. */
export const MATRIX_CALLERS: Record<Role, Caller> = {
  caseworker: { role: 'caseworker', sub: 'cw-matrix' },
  team_lead: { role: 'team_lead', sub: 'tl-matrix' },
  agency_officer: { role: 'agency_officer', sub: 'ao-matrix', agency: 'JOBCENTER_IP' },
  privacy_officer: { role: 'privacy_officer', sub: 'po-matrix' },
  dpo: { role: 'dpo', sub: 'dpo-matrix' },
  committee: { role: 'committee', sub: 'com-matrix' },
  admin: { role: 'admin', sub: 'adm-matrix' },
};

const otherCaseworker: Caller = { role: 'caseworker', sub: 'cw-matrix-other' };

export interface OwnershipRow {
  what: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  caller: Caller;
  expect: 'allowed' | 'denied';
  request: (f: Fixtures) => CellRequest;
}

/** Need to know (rule 6) below the role: own person vs another caseworker's, own agency vs another. */
// prettier-ignore
export const OWNERSHIP_MATRIX: readonly OwnershipRow[] = [
  { what: 'own person',                       method: 'GET',  path: '/persons/{id}',                caller: MATRIX_CALLERS.caseworker, expect: 'allowed', request: (f) => ({ url: `/persons/${f.ownPerson}` }) },
  { what: 'other caseworker’s person',        method: 'GET',  path: '/persons/{id}',                caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/persons/${f.otherPerson}` }) },
  { what: 'other caseworker’s consents',      method: 'GET',  path: '/persons/{personId}/consents', caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/persons/${f.otherPerson}/consents` }) },
  { what: 'consent for other’s person',       method: 'POST', path: '/persons/{personId}/consents', caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/persons/${f.otherPerson}/consents`, body: consent(['SCHULAMT']) }) },
  { what: 'case for other’s person',          method: 'POST', path: '/cases',                       caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: '/cases', body: { personId: f.otherPerson, municipality: 'Mettmann' } }) },
  { what: 'own case',                         method: 'GET',  path: '/cases/{id}',                  caller: MATRIX_CALLERS.caseworker, expect: 'allowed', request: (f) => ({ url: `/cases/${f.ownCase}` }) },
  { what: 'other caseworker’s case',          method: 'GET',  path: '/cases/{id}',                  caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/cases/${f.otherCase}` }) },
  { what: 'action on other’s case',           method: 'POST', path: '/cases/{id}/actions',          caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/cases/${f.otherCase}/actions`, body: { type: 'review', occurredAt: todayInGermany(), summary: 'x' } }) },
  { what: 'plan on other’s case',             method: 'POST', path: '/cases/{id}/plan',             caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/cases/${f.otherCase}/plan`, body: plan() }) },
  { what: 'contact on other’s case',          method: 'POST', path: '/cases/{id}/contacts',         caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/cases/${f.otherCase}/contacts`, body: { contactOn: today(), channel: 'phone', durationMinutes: 15 } }) },
  { what: 'other caseworker’s documents',     method: 'GET',  path: '/persons/{personId}/documents', caller: MATRIX_CALLERS.caseworker, expect: 'denied', request: (f) => ({ url: `/persons/${f.otherPerson}/documents` }) },
  { what: 'document for other’s person',      method: 'POST', path: '/persons/{personId}/documents', caller: MATRIX_CALLERS.caseworker, expect: 'denied', request: (f) => ({ url: `/persons/${f.otherPerson}/documents`, body: pdf() }) },
  { what: 'closing other’s case',             method: 'POST', path: '/cases/{id}/close',            caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/cases/${f.otherCase}/close`, body: { reason: 'moved-away' } }) },
  { what: 'transfer of other’s person',       method: 'POST', path: '/transfers',                   caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: '/transfers', body: transfer(f.otherPerson) }) },
  { what: 'other’s transfers by person',      method: 'GET',  path: '/transfers',                   caller: MATRIX_CALLERS.caseworker, expect: 'denied',  request: (f) => ({ url: `/transfers?personId=${f.otherPerson}` }) },
  { what: 'own agency’s transfers',           method: 'GET',  path: '/transfers',                   caller: MATRIX_CALLERS.agency_officer, expect: 'allowed', request: () => ({ url: '/transfers?agency=JOBCENTER_IP' }) },
  { what: 'other agency’s transfers',         method: 'GET',  path: '/transfers',                   caller: MATRIX_CALLERS.agency_officer, expect: 'denied',  request: () => ({ url: '/transfers?agency=AGENTUR_FUER_ARBEIT' }) },
  { what: 'lead: transfers not awaiting approval', method: 'GET', path: '/transfers',                 caller: MATRIX_CALLERS.team_lead, expect: 'denied',  request: () => ({ url: '/transfers?status=delivered' }) },
  { what: 'receipt for own agency',           method: 'POST', path: '/transfers/{id}/acknowledge',  caller: MATRIX_CALLERS.agency_officer, expect: 'allowed', request: (f) => ({ url: `/transfers/${f.ownTransfer}/acknowledge` }) },
  { what: 'receipt for another agency',       method: 'POST', path: '/transfers/{id}/acknowledge',  caller: MATRIX_CALLERS.agency_officer, expect: 'denied',  request: (f) => ({ url: `/transfers/${f.otherAgencyTransfer}/acknowledge` }) },
];

async function created(app: TestApp, caller: Caller, url: string, body: unknown, field: string): Promise<string> {
  const response = await app.request(caller, 'POST', url, body);
  if (response.status !== 201) throw new Error(`fixture ${url}: ${response.status} ${response.text}`);
  return response.body[field] as string;
}

/** The persons, cases, consents and transfers the matrix points at, set up through the API. */
export async function seedMatrixFixtures(app: TestApp): Promise<Fixtures> {
  const cw = MATRIX_CALLERS.caseworker;
  await app.registerStaff([cw.sub, otherCaseworker.sub]);
  const ownPerson = await created(app, cw, '/persons', person('Eigen'), 'personId');
  const ownConsent = await created(
    app,
    cw,
    `/persons/${ownPerson}/consents`,
    consent(['JOBCENTER_IP', 'AGENTUR_FUER_ARBEIT']),
    'consentId',
  );
  const withdrawableConsent = await created(
    app,
    cw,
    `/persons/${ownPerson}/consents`,
    consent(['SCHULAMT']),
    'consentId',
  );
  const ownCase = await created(app, cw, '/cases', { personId: ownPerson, municipality: 'Mettmann' }, 'caseId');
  // One open case per person (issue 16): the closable case belongs to a person of its own.
  const closablePerson = await created(app, cw, '/persons', person('Abschluss'), 'personId');
  const closableCase = await created(
    app,
    cw,
    '/cases',
    { personId: closablePerson, municipality: 'Mettmann' },
    'caseId',
  );
  const ownGoal = ((await app.request(cw, 'POST', `/cases/${ownCase}/plan`, plan())).body.goalIds as string[])[0]!;
  const ownDocument = await created(app, cw, `/persons/${ownPerson}/documents`, pdf(), 'documentId');
  const ownTransfer = await created(app, cw, '/transfers', transfer(ownPerson), 'transferId');
  const otherAgencyTransfer = await created(
    app,
    cw,
    '/transfers',
    transfer(ownPerson, 'AGENTUR_FUER_ARBEIT'),
    'transferId',
  );
  const ownReferral = await created(
    app,
    cw,
    `/cases/${ownCase}/referrals`,
    { agency: 'JOBCENTER_IP', transferId: ownTransfer },
    'referralId',
  );
  const otherPerson = await created(app, otherCaseworker, '/persons', person('Fremd'), 'personId');
  const otherCase = await created(
    app,
    otherCaseworker,
    '/cases',
    { personId: otherPerson, municipality: 'Mettmann' },
    'caseId',
  );
  const erasablePerson = await created(app, cw, '/persons', person('Löschbar'), 'personId');
  const restrictablePerson = await created(app, cw, '/persons', person('Einschränkbar'), 'personId');
  const toErase = await created(app, cw, '/persons', person('Zweitfreigabe'), 'personId');
  const requested = await app.request(
    { role: 'privacy_officer', sub: 'po-matrix-other' },
    'POST',
    `/privacy/persons/${toErase}/erasure`,
    reason,
  );
  if (requested.status !== 202) throw new Error(`fixture erasure: ${requested.status} ${requested.text}`);
  const erasedPerson = await erasedAfterTransfer(app);
  await app.request(otherCaseworker, 'GET', `/persons/${ownPerson}`, undefined, {
    'x-correlation-id': 'matrix-anomaly',
  });
  const [denied] = await app.eventStore.readStream('security-matrix-anomaly');
  if (!denied) throw new Error('fixture anomaly: no AccessDenied event');
  const breach = await created(
    app,
    MATRIX_CALLERS.dpo,
    '/audit/breaches',
    { discoveredAt: '2026-01-05T09:00:00Z', description: 'Fehlversand eines Bescheids an eine falsche Adresse' },
    'breachId',
  );
  const rightsRequest = await created(
    app,
    { role: 'privacy_officer', sub: 'po-matrix-other' },
    '/privacy/requests',
    { personId: ownPerson, kind: 'access', receivedOn: '2026-01-05', channel: 'email' },
    'requestId',
  );
  return {
    ownPerson,
    ownCase,
    ownConsent,
    withdrawableConsent,
    ownTransfer,
    ownReferral,
    closableCase,
    ownGoal,
    ownDocument,
    otherPerson,
    otherCase,
    otherAgencyTransfer,
    erasablePerson,
    restrictablePerson,
    pendingErasure: requested.body.erasureId as string,
    erasedPerson,
    rightsRequest,
    anomalyEventId: denied.id,
    breach,
  };
}

/** A person whose data went to the Jobcenter, then erased with four eyes (Art. 19: the Jobcenter is told). */
async function erasedAfterTransfer(app: TestApp): Promise<string> {
  const cw = MATRIX_CALLERS.caseworker;
  const personId = await created(app, cw, '/persons', person('Gelöscht'), 'personId');
  await created(app, cw, `/persons/${personId}/consents`, consent(['JOBCENTER_IP']), 'consentId');
  await created(app, cw, '/transfers', transfer(personId), 'transferId');
  const officer: Caller = { role: 'privacy_officer', sub: 'po-matrix-other' };
  const requested = await app.request(officer, 'POST', `/privacy/persons/${personId}/erasure`, reason);
  const approved = await app.request(
    MATRIX_CALLERS.team_lead,
    'POST',
    `/privacy/erasures/${requested.body.erasureId}/approve`,
    {},
  );
  if (approved.status !== 200) throw new Error(`fixture erased person: ${approved.status} ${approved.text}`);
  return personId;
}
