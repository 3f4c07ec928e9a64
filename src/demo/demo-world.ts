import { caseworkerIds, MUNICIPALITY_WEIGHTS, PRIVACY_OFFICER, TEAM_LEAD } from './county.js';
import type { PlannedGoal } from './casework.js';
import type { ApiAnswer, ApiCall, Caller, DemoApi } from './demo-api.js';
import type { JobQueue } from './job-queue.js';
import type { Random } from './prng.js';
import type { Timeline } from './timeline.js';

export const CASELOAD_LIMIT = 80;
/** Providers of the case managers, in the order they are placed (KI first, then cities and welfare associations). */
const STAFF_PROVIDERS = ['KI', 'Ratingen', 'WV_CARITAS', 'Velbert', 'WV_DIAKONIE', 'KI', 'WV_AWO', 'Hilden'] as const;
/** Active cases of the default county (8 case managers × 1:80). */
export const DEFAULT_ACTIVE_TARGET = 640;

export interface ConsentState {
  /** Known once the grant has been answered. */
  consentId?: string;
  recipient: string;
  dataCategories: string[];
  purpose: string;
  validUntil: string;
  withdrawnAt?: number;
}

export interface Participant {
  /** Job key: every call about this participant runs in planning order. */
  key: string;
  /** Known once registration and opening have been answered. */
  personId: string;
  caseId: string;
  municipality: string;
  registrar: string;
  assignee?: string;
  status: 'open' | 'closed';
  /** Bumped when the case closes, so chains planned for an earlier period stop. */
  period: number;
  erasurePlanned: boolean;
  reopened: boolean;
  consents: ConsentState[];
  naturalisationReferred: boolean;
  settled: boolean;
  /** First language (interpreter for contacts and the plan agreement unless German). */
  language?: string;
  /** Goals of the Integrationsplan, open until their final attainment. */
  goals: PlannedGoal[];
  /**
   * Agencies the file involves as retention sees it: named on an action or sent data lawfully (as far
   * as the plan knows when it decides; a transfer that may go either way counts as sent).
   */
  involved: Set<string>;
  /** Agencies a transfer was delivered to, as the answers came (the only ones an action may name). */
  delivered: Set<string>;
}

export type Send = (call: ApiCall) => Promise<ApiAnswer>;

/**
 * The simulated county: its staff and their caseloads, the participants, and the team lead's assignment
 * rule. Every decision is taken here, in simulated time order, before the calls run; calls only carry it
 * out. So the same seed takes the same decisions however the calls overlap. Admission is gated so the
 * active cases stay near the target and the case managers at or below 1:80, as a KI keeps a waiting list.
 */
export class DemoWorld {
  readonly caseworkers: string[];
  readonly activeTarget: number;
  readonly load = new Map<string, number>();
  readonly participants: Participant[] = [];
  readonly waiting: Participant[] = [];
  active = 0;
  private jobs = 0;
  private serial = 0;
  private readonly coverage = new Map<string, string>();
  readonly teamLead: Caller = { role: 'team_lead', sub: TEAM_LEAD, agency: 'KI' };
  /** Datenschutzkoordination: runs data-subject requests; the team lead is the second pair of eyes. */
  readonly privacyOfficer: Caller = { role: 'privacy_officer', sub: PRIVACY_OFFICER, agency: 'KI' };

  constructor(
    private readonly api: DemoApi,
    private readonly queue: JobQueue,
    readonly timeline: Timeline,
    readonly random: Random,
    readonly scale: number,
    readonly erasureAvailable: boolean,
    /** Where the privacy officer restricts processing of a person: `${restrictBase}/:id/restrict`. */
    readonly restrictBase = '/privacy/persons',
    /**
     * Draws of the casework (plans, reviews, contacts, documents): a generator of their own, so that
     * adding them left every other decision of a seed as it was.
     */
    readonly caseworkRandom: Random = random.fork('casework'),
  ) {
    this.caseworkers = caseworkerIds(Math.max(1, Math.round(8 * scale)));
    this.activeTarget = Math.min(Math.round(DEFAULT_ACTIVE_TARGET * scale), this.caseworkers.length * CASELOAD_LIMIT);
    for (const cw of this.caseworkers) this.load.set(cw, 0);
    // Each municipality has a lead case manager; larger towns come first so they spread over the team.
    MUNICIPALITY_WEIGHTS.forEach(([m], i) => this.coverage.set(m, this.caseworkers[i % this.caseworkers.length]!));
  }

  /**
   * The team lead puts every case manager into the staff register before the first assignment. Since
   * 2022 Kreis Mettmann places case management with the cities and welfare associations besides the KI,
   * and one post of Baustein 3 with the Ausländeramt (no caseload of its own).
   */
  registerStaff(): void {
    const members = [
      ...this.caseworkers.map(
        (cw, i) => [cw, { provider: STAFF_PROVIDERS[i % STAFF_PROVIDERS.length]!, fte: 1, baustein: 2 }] as const,
      ),
      ['abh-01', { provider: 'AUSLAENDERBEHOERDE', fte: 1, baustein: 3 }] as const,
    ];
    for (const [id, body] of members) {
      this.job([`cw:${id}`], async (send) => {
        await send({ caller: this.teamLead, method: 'PUT', url: `/staff/${id}`, body, expect: [200] });
      });
    }
  }

  caseworker(sub: string): Caller {
    return { role: 'caseworker', sub, agency: 'KI' };
  }

  /** The case manager who does the paperwork for a participant now: take it when planning, not in the job. */
  owner(p: Participant): Caller {
    return this.caseworker(p.assignee ?? p.registrar);
  }

  leadFor(municipality: string): string {
    return this.coverage.get(municipality)!;
  }

  /**
   * Plans calls at the current simulated time. They run after every earlier job sharing a key; each call
   * in the job is seven seconds after the one before.
   */
  job(keys: readonly string[], run: (send: Send) => Promise<void>): void {
    const number = ++this.jobs;
    const atMs = this.timeline.now;
    let step = 0;
    const send: Send = (call) => {
      const i = step++;
      return this.api.send(call, { atMs: atMs + i * 7_000, name: `${String(number).padStart(7, '0')}-${i}` });
    };
    this.queue.enqueue(keys, () => run(send));
  }

  /**
   * The team lead assigns to the lead case manager of the municipality if they have room. Seeing a full
   * caseload, a team lead sometimes tries anyway and the ledger refuses (409); then the least loaded
   * colleague takes the case. With nobody free the case waits.
   */
  assign(p: Participant, then: () => void): void {
    const preferred = this.leadFor(p.municipality);
    const probe = this.load.get(preferred)! >= CASELOAD_LIMIT && this.random.chance(0.3);
    const free = this.caseworkers.filter((cw) => this.load.get(cw)! < CASELOAD_LIMIT);
    const chosen =
      free.length === 0
        ? undefined
        : free.includes(preferred)
          ? preferred
          : free.reduce((best, cw) => (this.load.get(cw)! < this.load.get(best)! ? cw : best));
    if (chosen) this.moveSlot(p, chosen);
    else this.waiting.push(p);
    this.job([p.key, `cw:${preferred}`, ...(chosen ? [`cw:${chosen}`] : [])], async (send) => {
      const url = `/cases/${p.caseId}/assign`;
      if (probe)
        await send({ caller: this.teamLead, method: 'POST', url, body: { caseworkerId: preferred }, expect: [409] });
      if (chosen)
        await send({ caller: this.teamLead, method: 'POST', url, body: { caseworkerId: chosen }, expect: [200] });
    });
    if (chosen) then();
  }

  /** Reassignment by the team lead to the least loaded colleague with room. */
  reassign(p: Participant): void {
    const from = p.assignee;
    const others = this.caseworkers.filter((cw) => cw !== from && this.load.get(cw)! < CASELOAD_LIMIT);
    if (!from || others.length === 0) return;
    const to = others.reduce((best, cw) => (this.load.get(cw)! < this.load.get(best)! ? cw : best));
    this.moveSlot(p, to);
    this.job([p.key, `cw:${from}`, `cw:${to}`], async (send) => {
      await send({
        caller: this.teamLead,
        method: 'POST',
        url: `/cases/${p.caseId}/assign`,
        body: { caseworkerId: to },
        expect: [200],
      });
    });
  }

  /** A slot became free: the longest-waiting case is assigned first. */
  serveWaiting(then: (p: Participant) => void): void {
    const next = this.waiting.find((p) => p.status === 'open' && !p.assignee);
    if (!next) return;
    this.waiting.splice(this.waiting.indexOf(next), 1);
    this.assign(next, () => then(next));
  }

  releaseSlot(p: Participant): void {
    if (p.assignee) this.load.set(p.assignee, this.load.get(p.assignee)! - 1);
    p.assignee = undefined;
  }

  private moveSlot(p: Participant, to: string): void {
    this.releaseSlot(p);
    p.assignee = to;
    this.load.set(to, this.load.get(to)! + 1);
  }

  /** Running number for form references (KI-2025-00042). */
  nextSerial(): number {
    return ++this.serial;
  }

  mayAdmit(): boolean {
    return this.active < this.activeTarget;
  }

  /** Erasures the simulation wanted while the API had no erasure route. */
  erasuresSkipped = 0;
}
