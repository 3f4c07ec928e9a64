import type { ProvenanceMark } from '../legal-basis/consent-facts.js';
import type { CaseActionType, CloseReason } from './case.events.js';
import type { PlanCommand } from './plan/plan.commands.js';

/**
 * Commands on a case (stream `case-<caseId>`). The application layer checks that the person exists and
 * takes the caseload slot before it assigns; `at` is the instant the command is decided.
 */
export type OpenCase = {
  type: 'OpenCase';
  data: { caseId: string; personId: string; municipality: string; openedBy: string; at: string };
};

export type AssignCase = {
  type: 'AssignCase';
  data: { caseId: string; caseworkerId: string; assignedBy: string; at: string };
};

export type RecordCaseAction = {
  type: 'RecordCaseAction';
  data: {
    caseId: string;
    actionId: string;
    actionType: CaseActionType;
    /** When the action took place (YYYY-MM-DD), not after the day of `at`. */
    actionDate: string;
    summary: string;
    agencies: string[];
    /** Required for a special integration achievement (Baustein 3), e.g. 'volunteer-fire-brigade'. */
    achievementKind?: string;
    /** Required for a special integration achievement: certificate, confirmation letter. */
    evidence?: string;
    /** Schema 4 (issue 14 item 5): where the note's content came from, e.g. entrusted to the youth office. */
    provenance?: ProvenanceMark[];
    recordedBy: string;
    at: string;
  };
};

export type CloseCase = {
  type: 'CloseCase';
  data: { caseId: string; reason: CloseReason; closedBy: string; at: string };
};

/** `otherOpenCaseIds`: the person's other open cases, as the caller found them (one open case per person). */
export type ReopenCase = {
  type: 'ReopenCase';
  data: { caseId: string; reopenedBy: string; otherOpenCaseIds?: readonly string[]; at: string };
};

export type CaseCommand = OpenCase | AssignCase | RecordCaseAction | CloseCase | ReopenCase | PlanCommand;

/** Stream `caseload-<caseworkerId>`. `limit` defaults to the catalogue's caseload limit (1:80). */
export type TakeCaseloadSlot = {
  type: 'TakeCaseloadSlot';
  data: { caseworkerId: string; caseId: string; limit?: number; at: string };
};

export type ReleaseCaseloadSlot = {
  type: 'ReleaseCaseloadSlot';
  data: { caseworkerId: string; caseId: string; why: 'closed' | 'reassigned' | 'assignment-failed'; at: string };
};

export type CaseloadCommand = TakeCaseloadSlot | ReleaseCaseloadSlot;
