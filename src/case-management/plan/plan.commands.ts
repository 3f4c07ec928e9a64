import type { AgreementKind, Attainment, ContactChannel, InterpreterKind, NeedLevel } from './casework.config.js';

/** Commands of the Integrationsplan and contacts on `case-<caseId>`; ids are derived by the handlers. */
export type AgreeIntegrationPlan = {
  type: 'AgreeIntegrationPlan';
  data: {
    caseId: string;
    agreedOn: string;
    agreement: { kind: AgreementKind; language?: string };
    assessment: { fieldOfAction: string; need: NeedLevel }[];
    goals: {
      goalId: string;
      fieldOfAction: string;
      title: string;
      dueOn: string;
      reviewOn?: string;
      responsible: string;
      steps: { stepId: string; description: string; responsible: string; dueOn: string }[];
    }[];
    recordedBy: string;
    at: string;
  };
};

export type ReviewGoal = {
  type: 'ReviewGoal';
  data: {
    caseId: string;
    goalId: string;
    reviewedOn: string;
    occasion: 'review' | 'closure';
    attainment: Attainment;
    nextReviewOn?: string;
    note?: string;
    reviewedBy: string;
    at: string;
  };
};

export type RecordContact = {
  type: 'RecordContact';
  data: {
    caseId: string;
    contactId: string;
    contactOn: string;
    channel: ContactChannel;
    durationMinutes: number;
    interpreter?: { language: string; kind: InterpreterKind; boundToConfidentiality: boolean };
    note?: string;
    recordedBy: string;
    at: string;
  };
};

export type PlanCommand = AgreeIntegrationPlan | ReviewGoal | RecordContact;
