import { randomBytes, randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import type { Role } from '../../src/shared/roles.js';

/**
 * DIRECT EVENT GENERATOR — not the application's command path. It writes domain-shaped events (the types
 * and fields of src/*\/*.events.ts, personal data as an A256GCM envelope of random bytes) straight into an
 * event store, so that large stores (1M, 5M events) can be built in minutes. The events are consistent
 * enough for every projection: actions only on opened cases, withdrawals only of granted consents.
 *
 * Mix of a county's week (per command): reads leave an access event (~35%), case work (~30%), consents,
 * transfers, registrations, case openings and closings. Persons and cases are picked with a skewed
 * popularity (a few are touched very often). Payloads are 300–1,500 bytes.
 */
const MUNICIPALITIES = [
  'Erkrath',
  'Haan',
  'Hilden',
  'Langenfeld',
  'Mettmann',
  'Monheim am Rhein',
  'Ratingen',
  'Velbert',
];
const AGENCIES = ['JOBCENTER_IP', 'AGENTUR_FUER_ARBEIT', 'AUSLAENDERBEHOERDE', 'SCHULAMT', 'JUGENDAMT', 'SOZIALAMT'];
const ACTION_TYPES = [
  'counselling',
  'counselling',
  'counselling',
  'referral',
  'review',
  'assessment',
  'goal-agreement',
];
const NATIONALITIES = ['SY', 'UA', 'TR', 'AF', 'IQ', 'RO', 'PL', 'XX'];
const CATEGORIES = ['identity', 'employment', 'education', 'language-skills', 'residence-status'];
const CASEWORKERS = Array.from({ length: 40 }, (_, i) => `cw-${String(i + 1).padStart(2, '0')}`);

const BLOB = randomBytes(1200).toString('base64');

export interface GeneratedCase {
  caseId: string;
  personId: string;
  caseworker: string;
  open: boolean;
}

interface Person {
  personId: string;
  consents: string[];
  transfers: string[];
}

/** Power-law pick over 0..n-1: index 0 is the most popular. */
const skewed = (n: number) => Math.floor(n * Math.random() ** 3);
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

function envelope(): Record<string, string> {
  // ct length chosen so the whole stored event (data + metadata) lands between ~300 and ~1,500 bytes.
  const length = 40 + Math.floor(Math.random() * 1000);
  const start = Math.floor(Math.random() * (BLOB.length - length));
  return {
    alg: 'A256GCM',
    kid: 'k1',
    iv: 'AAAAAAAAAAAAAAAA',
    tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
    ct: BLOB.slice(start, start + length),
  };
}

function metadata(sub: string, role: Role, at: string, purpose?: string, legalBasis?: string) {
  const commandId = randomUUID();
  return {
    schemaVersion: 1,
    commandId,
    correlationId: randomUUID(),
    causationId: commandId,
    actor: { sub, role, agency: role === 'agency_officer' ? 'JOBCENTER_IP' : 'KI' },
    ...(purpose ? { purpose } : {}),
    ...(legalBasis ? { legalBasis } : {}),
    occurredAt: at,
  };
}

const ev = (type: string, data: Record<string, unknown>, meta: NewEvent['metadata']): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: meta,
});

export interface Append {
  stream: string;
  events: NewEvent[];
}

/** Produces commands (stream + 1–3 events) one at a time, keeping just enough state to stay consistent. */
export class CountyWeekGenerator {
  readonly persons: Person[] = [];
  readonly cases: GeneratedCase[] = [];
  private day = Date.parse('2024-01-01T08:00:00Z');

  next(): Append {
    this.day += 20_000;
    const at = new Date(this.day).toISOString();
    const cw = pick(CASEWORKERS);
    const roll = Math.random();
    if (this.persons.length < 20 || roll < 0.06) return this.register(cw, at);
    const person = this.persons[this.persons.length - 1 - skewed(this.persons.length)]!;
    if (roll < 0.41) {
      const ids = [person.personId];
      if (Math.random() < 0.3) ids.push(pick(this.persons).personId);
      return {
        stream: `access-${randomUUID()}`,
        events: [
          ev(
            'PersonalDataAccessed',
            {
              personIds: ids,
              dataCategories: ['identity'],
              purpose: 'case-management',
              endpoint: '/api/v1/persons/:id',
              method: 'GET',
            },
            metadata(cw, 'caseworker', at, 'case-management'),
          ),
        ],
      };
    }
    if (roll < 0.45 || this.cases.length === 0) return this.openCase(person, cw, at);
    if (roll < 0.75) return this.recordAction(at);
    if (roll < 0.83) return this.consent(person, cw, at);
    if (roll < 0.93) return this.transfer(person, cw, at);
    return this.closeOrReopen(at);
  }

  private register(cw: string, at: string): Append {
    const personId = randomUUID();
    this.persons.push({ personId, consents: [], transfers: [] });
    const residue = {
      municipality: pick(MUNICIPALITIES),
      birthYearBand: '1990-1994',
      nationality: pick(NATIONALITIES),
    };
    return {
      stream: `person-${personId}`,
      events: [
        ev(
          'PersonRegistered',
          { personId, registeredBy: cw, residue, personal: envelope() },
          metadata(cw, 'caseworker', at),
        ),
      ],
    };
  }

  private openCase(person: Person, cw: string, at: string): Append {
    const caseId = randomUUID();
    const { personId } = person;
    this.cases.push({ caseId, personId, caseworker: cw, open: true });
    const meta = metadata('tl-01', 'team_lead', at, 'case-management');
    return {
      stream: `case-${caseId}`,
      events: [
        ev('CaseOpened', { caseId, personId, municipality: pick(MUNICIPALITIES), openedBy: cw }, meta),
        ev('CaseAssigned', { caseId, personId, caseworkerId: cw, assignedBy: 'tl-01' }, meta),
      ],
    };
  }

  private recordAction(at: string): Append {
    const c = this.cases[this.cases.length - 1 - skewed(this.cases.length)]!;
    const data = (): Record<string, unknown> => ({
      caseId: c.caseId,
      personId: c.personId,
      actionId: randomUUID(),
      actionType: pick(ACTION_TYPES),
      actionDate: at.slice(0, 10),
      agencies: [pick(AGENCIES)],
      recordedBy: c.caseworker,
      personal: envelope(),
    });
    const meta = metadata(c.caseworker, 'caseworker', at, 'case-management');
    const count = 1 + Math.floor(Math.random() * 2);
    return {
      stream: `case-${c.caseId}`,
      events: Array.from({ length: count }, () => ev('CaseActionRecorded', data(), meta)),
    };
  }

  private consent(person: Person, cw: string, at: string): Append {
    const { personId } = person;
    const meta = metadata(cw, 'caseworker', at, 'labour-market-integration');
    if (person.consents.length > 0 && Math.random() < 0.1) {
      const consentId = person.consents.shift()!;
      return {
        stream: `person-${personId}`,
        events: [ev('ConsentWithdrawn', { personId, consentId, withdrawnAt: at, personal: envelope() }, meta)],
      };
    }
    const consentId = randomUUID();
    person.consents.push(consentId);
    const scope = {
      recipients: [pick(AGENCIES)],
      dataCategories: CATEGORIES.slice(0, 2),
      purposes: ['labour-market-integration'],
    };
    const data = {
      ...scope,
      personId,
      consentId,
      validFrom: at,
      validUntil: '2030-12-31',
      mutual: true,
      declaredBy: 'person',
      interpreterPresent: Math.random() < 0.4,
      evidenceKind: 'signed-form',
      recordedBy: cw,
      personal: envelope(),
    };
    return { stream: `person-${personId}`, events: [ev('ConsentGranted', data, meta)] };
  }

  private transfer(person: Person, cw: string, at: string): Append {
    const { personId } = person;
    if (person.transfers.length > 0 && Math.random() < 0.3) {
      const transferId = person.transfers.shift()!;
      const data = { transferId, personId, agency: 'JOBCENTER_IP', acknowledgedBy: 'jc-01' };
      return {
        stream: `person-${personId}`,
        events: [ev('TransferAcknowledged', data, metadata('jc-01', 'agency_officer', at))],
      };
    }
    const transferId = randomUUID();
    const allowed = Math.random() < 0.9;
    if (allowed) person.transfers.push(transferId);
    const data = {
      transferId,
      personId,
      fromAgency: 'KI',
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity', 'employment'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
      requestedBy: cw,
      verdict: {
        allowed,
        reasons: [allowed ? 'consent-covers-transfer' : 'consent-missing'],
        consentIds: person.consents.slice(0, 1),
        flaggedForDpo: false,
      },
      personal: envelope(),
    };
    const meta = metadata(cw, 'caseworker', at, 'labour-market-integration', 'consent');
    return { stream: `person-${personId}`, events: [ev(allowed ? 'DataTransferred' : 'TransferRefused', data, meta)] };
  }

  private closeOrReopen(at: string): Append {
    const c = pick(this.cases);
    const meta = metadata(c.caseworker, 'caseworker', at, 'case-management');
    c.open = !c.open;
    const data = c.open
      ? { caseId: c.caseId, personId: c.personId, reopenedBy: c.caseworker }
      : { caseId: c.caseId, personId: c.personId, reason: 'goals-achieved', closedBy: c.caseworker };
    return { stream: `case-${c.caseId}`, events: [ev(c.open ? 'CaseReopened' : 'CaseClosed', data, meta)] };
  }
}

/**
 * Fills a store with about `events` generated events, `perTurn` appends per event-loop turn (group commit
 * writes each turn in one transaction). Revisions are not checked ('any'): this is bulk loading.
 */
export async function fillStore(
  store: EventStore,
  events: number,
  onProgress?: (written: number) => void,
  perTurn = 500,
): Promise<CountyWeekGenerator> {
  const generator = new CountyWeekGenerator();
  let written = 0;
  let reported = 0;
  while (written < events) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < perTurn && written < events; i++) {
      const { stream, events: list } = generator.next();
      written += list.length;
      batch.push(store.appendToStream(stream, list, 'any'));
    }
    await Promise.all(batch);
    if (onProgress && written - reported >= 250_000) onProgress((reported = written));
  }
  return generator;
}
