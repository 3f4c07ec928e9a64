import type { DomainEvent } from '../shared/decider.js';

/**
 * Stream `finding-<findingId>`: an anonymised structural finding ('generatives Thema') for the steering
 * group (Lenkungsgruppe) and the committee — e.g. waiting times at an agency, missing language courses in
 * a municipality. It describes the system, never a person: there is deliberately no person field, and
 * the decider rejects free text that looks like an identifier.
 */
export const FINDING_TOPICS = {
  'waiting-times': 'Wartezeiten bei einer Stelle',
  'language-courses': 'Fehlende Sprach- und Integrationskurse',
  childcare: 'Fehlende Kinderbetreuung',
  housing: 'Wohnraum',
  'recognition-of-qualifications': 'Anerkennung ausländischer Abschlüsse',
  'labour-market-access': 'Zugang zum Arbeitsmarkt',
  'health-care-access': 'Zugang zur Gesundheitsversorgung',
  'digital-access': 'Digitale Zugänge und Online-Termine',
  'information-flow': 'Informationsfluss zwischen den Stellen',
  other: 'Sonstiges',
} as const;
export type FindingTopic = keyof typeof FINDING_TOPICS;

export type StructuralFindingRecorded = DomainEvent<
  'StructuralFindingRecorded',
  {
    findingId: string;
    topic: FindingTopic;
    /** Short headline, e.g. 'Terminvergabe Ausländerbehörde > 10 Wochen'. */
    title: string;
    description: string;
    agencies: string[];
    municipalities: string[];
    /** How many cases show the finding: a count, never a list. */
    caseCount: number;
    /** The staff member's sub, for input control (§ 78a SGB X); not shown to the committee. */
    recordedBy: string;
  }
>;

/** Character ranges of a finding's text that named an erased person; the read model blanks them. */
export interface FindingRedaction {
  field: 'title' | 'description';
  start: number;
  end: number;
}

/**
 * Issue 15 item 8: an erasure removes the person from a finding that slipped through. The ranges, never
 * the words, are recorded; the projection shows "[entfernt]" in their place. (The original event keeps
 * its text in the log: the log is immutable; only the read models and every answer lose it.)
 */
export type FindingRedacted = DomainEvent<'FindingRedacted', { findingId: string; ranges: FindingRedaction[] }>;

export type FindingEvent = StructuralFindingRecorded | FindingRedacted;

export const findingStream = (findingId: string) => `finding-${findingId}`;
