import type { Catalogue } from '../config/catalogue.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { FINDING_TOPICS, type FindingEvent, type FindingTopic } from './findings.events.js';

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const CASE_COUNT_MAX = 100_000;

export interface RecordFinding {
  type: 'RecordFinding';
  findingId: string;
  topic: string;
  title: string;
  description: string;
  agencies: string[];
  municipalities: string[];
  caseCount: number;
  recordedBy: string;
}

export interface FindingState {
  recorded: boolean;
}

/** Fields a finding may carry; anything else — above all a person reference — is refused by name. */
const ALLOWED_FIELDS = new Set([
  'type',
  'findingId',
  'topic',
  'title',
  'description',
  'agencies',
  'municipalities',
  'caseCount',
  'recordedBy',
]);

// A person id is a UUID; an e-mail address or a phone number points at one person too.
const IDENTIFIER_PATTERNS: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'an id'],
  [/[^\s@]+@[^\s@]+\.[a-z]{2,}/i, 'an e-mail address'],
  [/(?:\+|\b0)\d[\d /-]{7,}\d/, 'a phone number'],
  [/\b\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}\b/, 'a date of birth-like date'],
];

function checkText(field: string, value: string, min: number, max: number, problems: string[], fields: string[]) {
  const text = value.trim();
  if (text.length < min || text.length > max) {
    problems.push(`${field} must be ${min} to ${max} characters`);
    fields.push(field);
    return;
  }
  for (const [pattern, what] of IDENTIFIER_PATTERNS) {
    if (pattern.test(text)) {
      problems.push(`${field} must not contain ${what}: findings are anonymous`);
      fields.push(field);
    }
  }
}

export function validateFinding(command: RecordFinding, catalogue: Catalogue): void {
  const problems: string[] = [];
  const fields: string[] = [];
  for (const key of Object.keys(command)) {
    if (!ALLOWED_FIELDS.has(key)) {
      problems.push(`${key} is not allowed: a structural finding never refers to a person`);
      fields.push(key);
    }
  }
  if (!(command.topic in FINDING_TOPICS)) {
    problems.push(`topic must be one of ${Object.keys(FINDING_TOPICS).join(', ')}`);
    fields.push('topic');
  }
  checkText('title', command.title ?? '', 3, TITLE_MAX, problems, fields);
  checkText('description', command.description ?? '', 10, DESCRIPTION_MAX, problems, fields);
  const agencyCodes = new Set(catalogue.agencies.map((a) => a.code));
  const unknownAgencies = (command.agencies ?? []).filter((a) => !agencyCodes.has(a));
  if (unknownAgencies.length > 0) {
    problems.push(`agencies not in the catalogue: ${unknownAgencies.join(', ')}`);
    fields.push('agencies');
  }
  const unknownPlaces = (command.municipalities ?? []).filter((m) => !catalogue.municipalities.includes(m));
  if (unknownPlaces.length > 0) {
    problems.push(`municipalities not in the catalogue: ${unknownPlaces.join(', ')}`);
    fields.push('municipalities');
  }
  if ((command.agencies ?? []).length + (command.municipalities ?? []).length === 0) {
    problems.push('name at least one agency or municipality concerned');
    fields.push('agencies', 'municipalities');
  }
  if (!Number.isInteger(command.caseCount) || command.caseCount < 0 || command.caseCount > CASE_COUNT_MAX) {
    problems.push(`caseCount must be a whole number from 0 to ${CASE_COUNT_MAX}`);
    fields.push('caseCount');
  }
  if (problems.length > 0) throw new ValidationError(problems.join('; '), [...new Set(fields)]);
}

export const findingDecider = (catalogue: Catalogue): Decider<RecordFinding, FindingEvent, FindingState> => ({
  initialState: () => ({ recorded: false }),
  decide: (command, state) => {
    if (state.recorded) throw new ConflictError(`finding ${command.findingId} has been recorded already`);
    validateFinding(command, catalogue);
    return [
      {
        type: 'StructuralFindingRecorded',
        data: {
          findingId: command.findingId,
          topic: command.topic as FindingTopic,
          title: command.title.trim(),
          description: command.description.trim(),
          agencies: [...new Set(command.agencies)],
          municipalities: [...new Set(command.municipalities)],
          caseCount: command.caseCount,
          recordedBy: command.recordedBy,
        },
      },
    ];
  },
  evolve: (_state, event) => {
    switch (event.type) {
      case 'StructuralFindingRecorded':
        return { recorded: true };
      case 'FindingRedacted':
        return _state;
    }
  },
});
