import { planContact, planGoalAgreement, planGoalReviews, planIntakeDocument } from './casework.js';
import {
  ACHIEVEMENTS,
  CLOSE_REASON_WEIGHTS,
  COUNSELLING_TOPICS,
  MUNICIPALITY_WEIGHTS,
  recipientFor,
  REFERRALS,
} from './county.js';
import { erase, planIntakeConsents, refusedTransfer, statutoryTransfer, transferUnderConsent } from './data-sharing.js';
import type { DemoWorld, Participant } from './demo-world.js';
import { inventPerson } from './origins.js';
import { DAY_MS, isoDate, officeTime } from './timeline.js';

/**
 * One participant's way through the KIM cycle: registration and case opening, assignment, intake with
 * consents, assessment, goal agreement, counselling every few weeks with referrals, half-yearly reviews,
 * now and then a Baustein 3 achievement or a referral to the naturalisation authority, closure, and for
 * a few a reopening or an erasure. Steps check that the case is still in the period they were planned for.
 */

/** New participants arrive on working days; the first months take over the predecessor project's cases. */
export function planArrivals(world: DemoWorld): void {
  const { random, timeline } = world;
  const perDay = 2.2 * (world.activeTarget / 640);
  const next = (from: number) => {
    const gap = random.exponential(1 / (perDay * (from - timeline.start < 90 * DAY_MS ? 4 : 1)));
    timeline.at(officeTime(random, from, gap, gap), () => {
      next(timeline.now);
      if (world.mayAdmit()) arrive(world);
    });
  };
  next(timeline.start);
}

/**
 * The basis of the KI's own processing (issue 14 item 5): most participants sign the participation consent
 * (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) in their language; every fifth is registered on the documented
 * public task (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 DSG NRW). Derived from the arrival number, not from the
 * random stream, so a seed keeps its county.
 */
function participationOf(arrival: number, languages: readonly string[]) {
  if (arrival % 5 === 4) {
    return {
      basis: 'public-task-kim',
      justification: 'Casemanagement nach § 9 TIntG NRW; Zuweisung durch das Jobcenter, Erstgespräch dokumentiert',
    };
  }
  const language = languages[0] ?? 'de';
  return {
    basis: 'participation-consent',
    informed: { language, formVersion: 'KI-TN-2026-01', interpreter: language !== 'de' },
    evidence: { kind: 'signed-form', reference: `KI-TN-${String(arrival + 1).padStart(5, '0')}` },
  };
}

function arrive(world: DemoWorld): void {
  const { random, timeline } = world;
  const municipality = random.weighted(MUNICIPALITY_WEIGHTS);
  const registrar = world.leadFor(municipality);
  const person = inventPerson(random, isoDate(timeline.now));
  const p: Participant = {
    key: `p:${world.participants.length}`,
    personId: '',
    caseId: '',
    municipality,
    registrar,
    status: 'open',
    period: 0,
    erasurePlanned: false,
    reopened: false,
    consents: [],
    naturalisationReferred: false,
    involved: new Set(),
    goals: [],
    ...(person.languages[0] ? { language: person.languages[0] } : {}),
    delivered: new Set(),
    settled: /Niederlassung|§ 28|§ 30|FreizügG/.test(person.residenceStatus),
  };
  // Planned now, not when the job runs: under concurrency `participants.length` has moved on by then, and a
  // different body would give the person (and so its case) another id from the same seed.
  const participation = participationOf(world.participants.length, person.languages);
  world.participants.push(p);
  world.active++;
  const look = random.chance(0.3);
  const caller = world.caseworker(registrar);
  world.job([p.key], async (send) => {
    const registered = await send({
      caller,
      method: 'POST',
      url: '/persons',
      body: { ...person, municipality, participation },
      expect: [201],
    });
    p.personId = registered.body?.personId ?? '';
    if (look) await send({ caller, method: 'GET', url: `/persons/${p.personId}`, expect: [200] });
    const opened = await send({
      caller,
      method: 'POST',
      url: '/cases',
      body: { personId: p.personId, municipality },
      expect: [201],
    });
    p.caseId = opened.body?.caseId ?? '';
  });
  timeline.at(officeTime(random, timeline.now, 0, 2), () => world.assign(p, () => startWork(world, p)));
}

/**
 * `named`: agencies the action would name. Issue 14: an action names only agencies that data were
 * delivered to, so the list is narrowed when the call runs, after the transfers planned before it.
 */
function act(
  world: DemoWorld,
  p: Participant,
  type: string,
  summary: string,
  extra: Record<string, unknown> = {},
  named: readonly string[] = [],
): void {
  const caller = world.owner(p);
  const body = { type, occurredAt: isoDate(world.timeline.now), summary, ...extra };
  for (const agency of named) p.involved.add(agency);
  world.job([p.key], async (send) => {
    const agencies = named.filter((agency) => p.delivered.has(agency));
    const url = `/cases/${p.caseId}/actions`;
    await send({ caller, method: 'POST', url, body: { ...body, agencies }, expect: [201] });
  });
}

/** Plans the work of one open period of the case, right after it has been assigned. */
export function startWork(world: DemoWorld, p: Participant): void {
  const { random, timeline } = world;
  const period = p.period;
  const later = (min: number, max: number, step: () => void) =>
    timeline.at(officeTime(random, timeline.now, min, max), () =>
      p.status === 'open' && p.period === period ? step() : undefined,
    );

  if (p.reopened) {
    later(0, 5, () => act(world, p, 'review', 'Wiederaufnahme: neue Fragen zu Arbeit und Aufenthalt'));
  } else {
    later(0, 5, () => {
      const caller = world.owner(p);
      const body = {
        type: 'intake',
        occurredAt: isoDate(timeline.now),
        summary: 'Erstgespräch, Anliegen und Unterlagen aufgenommen',
        agencies: [],
      };
      const consents = planIntakeConsents(world, p);
      const contact = planContact(world, p, [45, 90]);
      const document = planIntakeDocument(world, p);
      world.job([p.key], async (send) => {
        await send({ caller, method: 'POST', url: `/cases/${p.caseId}/actions`, body, expect: [201] });
        await contact(send);
        await consents(send);
        await document?.(send);
      });
    });
    later(7, 21, () => act(world, p, 'assessment', 'Kompetenzfeststellung und Sprachstand erhoben'));
    later(21, 60, () => {
      act(world, p, 'goal-agreement', 'Zielvereinbarung: Sprachkurs B1, Anerkennung, Arbeitsaufnahme');
      world.job([p.key], planGoalAgreement(world, p));
    });
  }
  const counsel = () => {
    const agencies = [...new Set(p.consents.filter(() => random.chance(0.15)).map((c) => c.recipient))];
    act(world, p, 'counselling', random.pick(COUNSELLING_TOPICS), {}, agencies);
    world.job([p.key], planContact(world, p, [20, 60]));
    if (random.chance(0.1)) refer(world, p);
    later(5, 5 + random.exponential(30), counsel);
  };
  later(10, 30, counsel);
  const review = () => {
    const caller = world.owner(p);
    world.job([p.key], async (send) => {
      await send({ caller, method: 'GET', url: `/cases/${p.caseId}`, expect: [200] });
    });
    act(world, p, 'review', 'Halbjahresreview der Zielvereinbarung');
    world.job([p.key], planGoalReviews(world, p, 'review'));
    later(150, 210, review);
  };
  later(150, 210, review);
  if (random.chance(0.07)) later(20, 300, () => statutoryTransfer(world, p));
  if (random.chance(0.06)) later(10, 300, () => refusedTransfer(world, p));
  if (random.chance(0.07)) later(120, 600, () => achievement(world, p));
  if (random.chance(p.settled ? 0.25 : 0.03)) later(60, 500, () => referToNaturalisation(world, p));
  if (random.chance(0.03)) later(60, 300, () => world.reassign(p));
  const [min, max] = p.reopened
    ? [60, 240]
    : random.weighted([
        [[90, 270], 3],
        [[270, 540], 4.5],
        [[540, 900], 2.5],
      ] as const);
  const duration = random.int(min, max);
  later(duration, duration + 1, () => close(world, p));
}

/**
 * Share of closures (ended, moved away, unreachable) followed by an erasure request. Retention v2 holds
 * no file for another agency's duty, so every request goes through (four eyes); seed 13 at scale 0.05
 * gives a handful.
 */
export const ERASURE_REQUEST = 0.2;

function refer(world: DemoWorld, p: Participant): void {
  const [named, summary] = world.random.weighted(REFERRALS.map(([a, s, w]) => [[a, s] as const, w] as const));
  const agency = recipientFor(named, p.municipality);
  // Issue 14: a referral is a transfer. Without a consent to that agency the counselling is recorded, and
  // no agency is named; with one, the data go first and the referral cites the delivered transfer.
  const consent = p.consents.find((c) => c.recipient === agency && c.withdrawnAt === undefined);
  if (consent) transferUnderConsent(world, p, consent, p.period, summary);
  else act(world, p, 'counselling', `${summary} – Einwilligung für die Weitervermittlung fehlt`);
}

function achievement(world: DemoWorld, p: Participant): void {
  const [kind, evidence] = world.random.weighted(ACHIEVEMENTS.map(([k, e, w]) => [[k, e] as const, w] as const));
  act(world, p, 'special-integration-achievement', 'Besondere Integrationsleistung dokumentiert (Baustein 3)', {
    achievementKind: kind,
    evidence,
  });
}

function referToNaturalisation(world: DemoWorld, p: Participant): void {
  // No agency named: nothing was transferred to the Einbürgerungsbehörde (issue 14).
  act(world, p, 'counselling', 'Beratung zur Einbürgerung, Unterlagen für die Einbürgerungsbehörde vorbereitet');
  p.naturalisationReferred = true;
}

function close(world: DemoWorld, p: Participant): void {
  const { random, timeline } = world;
  const reason = p.naturalisationReferred && random.chance(0.5) ? 'naturalised' : random.weighted(CLOSE_REASON_WEIGHTS);
  const caller = world.owner(p);
  // Closure is the last review: every open goal gets its final attainment first.
  const finalReviews = planGoalReviews(world, p, 'closure', reason);
  world.job([p.key, `cw:${caller.sub}`], async (send) => {
    await finalReviews(send);
    await send({ caller, method: 'POST', url: `/cases/${p.caseId}/close`, body: { reason }, expect: [200] });
  });
  world.releaseSlot(p);
  p.status = 'closed';
  p.period++;
  world.active--;
  world.serveWaiting((served) => startWork(world, served));
  const mayAskErasure = ['participant-ended', 'moved-away', 'no-longer-reachable'].includes(reason);
  // Retention v2: other agencies' duties no longer hold the KIM file, so a request by a former participant
  // goes through (four eyes) unless the county configured a duty of its own.
  if (mayAskErasure && random.chance(ERASURE_REQUEST)) {
    p.erasurePlanned = true;
    if (world.erasureAvailable) timeline.at(officeTime(random, timeline.now, 30, 180), () => erase(world, p));
    else world.erasuresSkipped++;
  } else if (!['moved-away', 'naturalised'].includes(reason) && random.chance(0.05)) {
    timeline.at(officeTime(random, timeline.now, 14, 120), () => reopen(world, p));
  }
}

function reopen(world: DemoWorld, p: Participant): void {
  if (p.status !== 'closed' || !world.mayAdmit()) return;
  world.job([p.key], async (send) => {
    await send({ caller: world.teamLead, method: 'POST', url: `/cases/${p.caseId}/reopen`, expect: [200] });
  });
  p.status = 'open';
  p.reopened = true;
  world.active++;
  world.assign(p, () => startWork(world, p));
}
