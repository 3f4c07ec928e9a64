import { committeeCaseloadProjection } from '../../../../projections/committee-caseload.projection.js';
import { committeeCasesProjection } from '../../../../projections/committee-cases.projection.js';
import { committeeCaseworkProjection } from '../../../../projections/committee-casework.projection.js';
import { committeeConsentsProjection } from '../../../../projections/committee-consents.projection.js';
import { committeeReferralsProjection } from '../../../../projections/committee-referrals.projection.js';
import { committeeTransfersProjection } from '../../../../projections/committee-transfers.projection.js';
import { findingsProjection } from '../../../../projections/findings.projection.js';
import type { ProjectionDefinition } from '../../../../projections/projection.js';
import type { RecordedEvent } from '../../../../src/event-store/event-store.port.js';
import { project, recorded, type Documents } from '../../../support/projection-harness.js';

/** Builders of the events the committee projections read, with fixed ids and plain business dates. */
type Built = { type: string; data: Record<string, unknown>; streamName: string; metadata: { occurredAt: string } };
const at = (day: string) => ({ occurredAt: `${day}T09:30:00.000Z` });

/** Personal data as the codec would carry it (encrypted in the store): the projections must never copy it. */
export const SECRET_NAME = 'Aylin-Geheim';

export const ev = {
  personRegistered: (
    personId: string,
    day: string,
    municipality = 'Velbert',
    nationality = 'TR',
    birthYearBand = '1990-1994',
  ): Built => ({
    type: 'PersonRegistered',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: {
      personId,
      registeredBy: 'cw-01',
      residue: { municipality, birthYearBand, nationality },
      personal: {
        givenName: SECRET_NAME,
        familyName: 'Yılmaz',
        dateOfBirth: '1991-04-17',
        nationality,
        languages: ['tr'],
        residenceStatus: '§ 25',
      },
    },
  }),
  personErased: (personId: string, day: string): Built => ({
    type: 'PersonErased',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: { personId, reason: 'Art. 17', recipientsToNotify: [] },
  }),
  caseOpened: (caseId: string, personId: string, municipality: string, day: string): Built => ({
    type: 'CaseOpened',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: { caseId, personId, municipality, openedBy: 'cw-01' },
  }),
  caseAction: (
    caseId: string,
    actionId: string,
    actionType: string,
    actionDate: string,
    extra: { agencies?: string[]; achievementKind?: string } = {},
  ): Built => ({
    type: 'CaseActionRecorded',
    streamName: `case-${caseId}`,
    // Recorded a few days later than it happened: the business date is actionDate.
    metadata: at('2030-01-01'),
    data: {
      caseId,
      personId: 'p',
      actionId,
      actionType,
      actionDate,
      agencies: extra.agencies ?? [],
      ...(extra.achievementKind ? { achievementKind: extra.achievementKind } : {}),
      recordedBy: 'cw-01',
      personal: { summary: `Gespräch mit ${SECRET_NAME}` },
    },
  }),
  caseClosed: (caseId: string, reason: string, day: string): Built => ({
    type: 'CaseClosed',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: { caseId, personId: 'p', reason, closedBy: 'cw-01' },
  }),
  caseReopened: (caseId: string, day: string): Built => ({
    type: 'CaseReopened',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: { caseId, personId: 'p', reopenedBy: 'cw-01' },
  }),
  slotTaken: (caseworkerId: string, caseId: string, day: string): Built => ({
    type: 'CaseloadSlotTaken',
    streamName: `caseload-${caseworkerId}`,
    metadata: at(day),
    data: { caseworkerId, caseId, limit: 80 },
  }),
  slotReleased: (caseworkerId: string, caseId: string, day: string): Built => ({
    type: 'CaseloadSlotReleased',
    streamName: `caseload-${caseworkerId}`,
    metadata: at(day),
    data: { caseworkerId, caseId, why: 'closed' },
  }),
  consentGranted: (personId: string, consentId: string, day: string, validUntil: string): Built => ({
    type: 'ConsentGranted',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: {
      personId,
      consentId,
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity'],
      purposes: ['labour-market-integration'],
      validFrom: `${day}T00:00:00.000Z`,
      validUntil,
      mutual: false,
      declaredBy: 'person',
      interpreterPresent: false,
      evidenceKind: 'signed-form',
      recordedBy: 'cw-01',
      personal: { evidenceReference: `KI-${SECRET_NAME}` },
    },
  }),
  consentRefused: (personId: string, consentId: string, day: string): Built => ({
    type: 'ConsentRefused',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: {
      personId,
      consentId,
      recipients: ['JUGENDAMT'],
      dataCategories: ['identity'],
      purposes: ['child-welfare'],
      declaredBy: 'person',
      interpreterPresent: true,
      recordedBy: 'cw-01',
    },
  }),
  consentWithdrawn: (personId: string, consentId: string, day: string): Built => ({
    type: 'ConsentWithdrawn',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: { personId, consentId, withdrawnAt: `${day}T09:30:00.000Z`, personal: { reason: SECRET_NAME } },
  }),
  transferred: (personId: string, transferId: string, toAgency: string, legalBasis: string, day: string): Built => ({
    type: 'DataTransferred',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: {
      transferId,
      personId,
      fromAgency: 'KI',
      toAgency,
      dataCategories: ['identity'],
      purpose: 'labour-market-integration',
      legalBasis,
      requestedBy: 'cw-01',
      verdict: {
        allowed: true,
        reasons: ['consent-covers-transfer'],
        consentIds: [],
        flaggedForDpo: legalBasis !== 'consent',
      },
      personal: { justification: SECRET_NAME },
    },
  }),
  transferRefused: (personId: string, transferId: string, toAgency: string, reasons: string[], day: string): Built => ({
    type: 'TransferRefused',
    streamName: `person-${personId}`,
    metadata: at(day),
    data: {
      transferId,
      personId,
      fromAgency: 'KI',
      toAgency,
      dataCategories: ['identity', 'health'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
      requestedBy: 'cw-01',
      verdict: { allowed: false, reasons, consentIds: [], flaggedForDpo: false },
      personal: {},
    },
  }),
  caseAssigned: (
    caseId: string,
    caseworkerId: string,
    day: string,
    waited?: { since: string; days: number },
  ): Built => ({
    type: 'CaseAssigned',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: {
      caseId,
      personId: `p-${caseId}`,
      caseworkerId,
      assignedBy: 'tl-01',
      ...(waited ? { waitingSince: waited.since, waitedDays: waited.days } : {}),
    },
  }),
  planAgreed: (caseId: string, day: string, goals: { goalId: string; field: string }[], planVersion = 1): Built => ({
    type: 'IntegrationPlanAgreed',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: {
      caseId,
      personId: `p-${caseId}`,
      planVersion,
      agreedOn: day,
      agreement: { kind: 'signed-plan' },
      assessment: [],
      goals: goals.map((g) => ({
        goalId: g.goalId,
        fieldOfAction: g.field,
        dueOn: day,
        reviewOn: day,
        responsible: 'participant',
        steps: [],
      })),
      recordedBy: 'cw-01',
      personal: { goals: goals.map((g) => ({ goalId: g.goalId, title: SECRET_NAME, steps: [] })) },
    },
  }),
  goalReviewed: (caseId: string, goalId: string, day: string, attainment: string, final = true): Built => ({
    type: 'GoalReviewed',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: {
      caseId,
      personId: `p-${caseId}`,
      goalId,
      reviewedOn: day,
      occasion: 'review',
      attainment,
      final,
      reviewedBy: 'cw-01',
      personal: { note: SECRET_NAME },
    },
  }),
  contact: (
    caseId: string,
    contactId: string,
    day: string,
    channel: string,
    interpreter: boolean,
    by = 'cw-01',
  ): Built => ({
    type: 'ContactRecorded',
    streamName: `case-${caseId}`,
    metadata: at(day),
    data: {
      caseId,
      personId: `p-${caseId}`,
      contactId,
      contactOn: day,
      channel,
      durationMinutes: 45,
      ...(interpreter ? { interpreter: { language: 'ar', kind: 'professional', boundToConfidentiality: true } } : {}),
      recordedBy: by,
      personal: { note: SECRET_NAME },
    },
  }),
  staffRecorded: (caseworkerId: string, provider: string, fte: number, baustein = 2, day = '2025-01-02'): Built => ({
    type: 'StaffMemberRecorded',
    streamName: `staff-${caseworkerId}`,
    metadata: at(day),
    data: { caseworkerId, provider, fte, baustein, recordedBy: 'tl-01' },
  }),
  referralMade: (referralId: string, caseId: string, agency: string, day: string): Built => ({
    type: 'ReferralMade',
    streamName: `person-p-${caseId}`,
    metadata: at(day),
    data: { referralId, caseId, personId: `p-${caseId}`, agency, transferId: `t-${referralId}` },
  }),
  referralFeedback: (referralId: string, caseId: string, outcome: string, day: string): Built => ({
    type: 'ReferralFeedbackGiven',
    streamName: `person-p-${caseId}`,
    metadata: at(day),
    data: { referralId, outcome },
  }),
  finding: (findingId: string, day: string, data: Record<string, unknown> = {}): Built => ({
    type: 'StructuralFindingRecorded',
    streamName: `finding-${findingId}`,
    metadata: at(day),
    data: {
      findingId,
      topic: 'waiting-times',
      title: 'Terminvergabe Ausländerbehörde über zehn Wochen',
      description: 'Termine zur Verlängerung des Aufenthaltstitels werden erst nach mehr als zehn Wochen vergeben.',
      agencies: ['AUSLAENDERBEHOERDE'],
      municipalities: ['Velbert'],
      caseCount: 23,
      recordedBy: 'cw-01',
      ...data,
    },
  }),
};

export const COMMITTEE_PROJECTIONS: readonly ProjectionDefinition<any>[] = [
  committeeCasesProjection,
  committeeCaseloadProjection,
  committeeConsentsProjection,
  committeeTransfersProjection,
  committeeCaseworkProjection,
  committeeReferralsProjection,
  findingsProjection,
];

/** Runs every committee projection over the events, in log order, into one document set. */
export async function projectAll(events: Built[] | RecordedEvent[], docs: Documents = new Map()): Promise<Documents> {
  const log = 'position' in (events[0] ?? {}) ? (events as RecordedEvent[]) : recorded(events as Built[]);
  for (const projection of COMMITTEE_PROJECTIONS) await project(projection, log, docs);
  return docs;
}
