import type { CodedEntry } from '../../catalogue/catalogue.js';
import { DEFAULT_CATALOGUE_V2 } from '../../catalogue/default-catalogue.js';

/**
 * The coded lists of casework (issue 16): fields of action come from the catalogue (Handlungsfelder,
 * German labels); the scales below are the documented meanings the figures for the state and the
 * committee are counted by. A county changes labels, not these meanings.
 */
export interface CaseworkRules {
  fieldsOfAction: readonly CodedEntry[];
}

export const DEFAULT_CASEWORK_RULES: CaseworkRules = { fieldsOfAction: DEFAULT_CATALOGUE_V2.fieldsOfAction };

/**
 * Zielerreichung at a review or at closure, on a five-step scale (as in DGCC case management: goals are
 * reviewed against what was agreed). `attained`, `not-attained` and `discontinued` are final; the two
 * partial steps keep the goal in the plan for the next review.
 */
export const ATTAINMENT_SCALE = [
  { code: 'attained', label: 'erreicht', final: true },
  { code: 'largely-attained', label: 'überwiegend erreicht', final: false },
  { code: 'partly-attained', label: 'teilweise erreicht', final: false },
  { code: 'not-attained', label: 'nicht erreicht', final: true },
  { code: 'discontinued', label: 'entfallen (nicht mehr verfolgt)', final: true },
] as const;
export type Attainment = (typeof ATTAINMENT_SCALE)[number]['code'];
export const ATTAINMENT_CODES = ATTAINMENT_SCALE.map((a) => a.code) as readonly Attainment[];

/** How the participant agreed to the plan: signed, orally (with or without interpreter), digitally. */
export const AGREEMENT_KINDS = ['signed-plan', 'verbal', 'verbal-with-interpreter', 'digital'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** Who carries a goal or a step: the participant, the case manager, or an agency of the catalogue. */
export const RESPONSIBLE_PARTIES = ['participant', 'case-manager', 'family'] as const;

/** Assessed need per field of action at the Assessment (Bedarf). */
export const NEED_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];

/** Contact channels (Kontaktart): the contact figures count by these. */
export const CONTACT_CHANNELS = ['in-person', 'home-visit', 'phone', 'video', 'email', 'letter', 'messenger'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const INTERPRETER_KINDS = ['professional', 'volunteer', 'staff', 'remote'] as const;
export type InterpreterKind = (typeof INTERPRETER_KINDS)[number];

export const labelOfAttainment = (code: string): string => ATTAINMENT_SCALE.find((a) => a.code === code)?.label ?? code;

/**
 * Wiedervorlage lead times (days before the date a task comes up) and the days after which a referral
 * without an answer is followed up. A residence permit's extension must be applied for before it
 * expires (§ 81 Abs. 4 AufenthG keeps the old one in force only then), so its task comes up early.
 */
export const TASK_LEAD_DAYS = { consentExpiry: 30, residenceExpiry: 90, documentExpiry: 30 } as const;
export const REFERRAL_FEEDBACK_DAYS = 14;
