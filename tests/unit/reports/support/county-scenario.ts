import { ev } from './committee-events.js';

/**
 * A deterministic county year for rendering tests: participants across the ten municipalities, cases
 * with counselling, referrals, Baustein 3 achievements, closures, consents and transfers. A seeded
 * generator, so the figures differ by municipality (some small, some suppressed) but never between runs.
 */
const MUNICIPALITIES: [string, number][] = [
  ['Velbert', 18],
  ['Ratingen', 16],
  ['Hilden', 12],
  ['Langenfeld', 11],
  ['Mettmann', 9],
  ['Erkrath', 8],
  ['Monheim am Rhein', 8],
  ['Haan', 5],
  ['Heiligenhaus', 4],
  ['Wülfrath', 1],
];
const NATIONALITIES: [string, number][] = [
  ['SY', 20],
  ['UA', 18],
  ['TR', 12],
  ['AF', 10],
  ['IQ', 8],
  ['PL', 4],
  ['ER', 4],
  ['XX', 1],
  ['IN', 2],
];
const REASONS: [string, number][] = [
  ['goals-achieved', 8],
  ['referred-to-regular-services', 6],
  ['moved-away', 2],
  ['no-longer-reachable', 2],
  ['naturalised', 1],
];
const AGENCIES: [string, string, number][] = [
  ['JOBCENTER_IP', 'consent', 14],
  ['AGENTUR_FUER_ARBEIT', 'consent', 5],
  ['AUSLAENDERBEHOERDE', 'consent', 6],
  ['AUSLAENDERBEHOERDE', 'SGB X §71', 2],
  ['SCHULAMT', 'consent', 3],
  ['SOZIALAMT', 'SGB X §69', 3],
  ['WOHLFAHRTSVERBAND', 'consent', 4],
];
const KINDS: [string, number][] = [
  ['volunteer-fire-brigade', 3],
  ['elder-care', 3],
  ['sports-club-coach', 3],
  ['language-mentor', 2],
];

const FIELDS = ['language', 'work-recognition', 'housing', 'residence', 'health'] as const;
const ATTAINMENTS = ['attained', 'largely-attained', 'partly-attained', 'not-attained', 'discontinued'] as const;
const CHANNELS = ['in-person', 'phone', 'video', 'email'] as const;
const REFERRAL_AGENCIES = ['JOBCENTER_IP', 'AGENTUR_FUER_ARBEIT', 'SCHULAMT', 'JUGENDAMT'] as const;

export function countyScenario(participants = 420, seed = 7) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: [T, number][] | readonly (readonly [...unknown[], number])[]): T => {
    const list = items as unknown as [T, number][];
    const total = list.reduce((s, [, w]) => s + (w as number), 0);
    let r = random() * total;
    for (const item of list)
      if ((r -= item[item.length - 1] as number) < 0) return (item.length === 2 ? item[0] : item) as T;
    return (list[0]!.length === 2 ? list[0]![0] : list[0]) as T;
  };
  const day = (offset: number) => new Date(Date.UTC(2024, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const events: ReturnType<typeof ev.caseOpened>[] = [];
  const caseworkers = ['cw-01', 'cw-02', 'cw-03', 'cw-04', 'cw-05', 'cw-06'];
  const providers = ['KI', 'KI', 'KI', 'WV_CARITAS', 'WV_CARITAS', 'Velbert'];
  caseworkers.forEach((cw, i) => events.push(ev.staffRecorded(cw, providers[i]!, i % 2 === 0 ? 1 : 0.5, 2, day(0))));
  // The casework draws from a generator of its own, so the figures of the other tables stay as they were.
  let workState = seed + 7919;
  const work = () => (workState = (workState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const workPick = <T>(items: readonly T[]) => items[Math.floor(work() * items.length)]!;
  /** Assignment after a wait, plan and goal reviews, contacts, a referral with feedback — all before day 90. */
  const casework = (caseId: string, cw: string, start: number) => {
    const out: ReturnType<typeof ev.caseOpened>[] = [];
    if (work() < 0.05) return out; // still on the waiting list
    const waited = Math.floor(work() * 40);
    out.push(ev.caseAssigned(caseId, cw, day(start + waited), { since: day(start), days: waited }));
    if (work() < 0.8) {
      const goals = [workPick(FIELDS), workPick(FIELDS)]
        .filter((f, k, all) => all.indexOf(f) === k)
        .map((field, k) => ({ goalId: `${caseId}-g${k}`, field }));
      out.push(ev.planAgreed(caseId, day(start + waited + 5), goals));
      for (const g of goals)
        if (work() < 0.6) out.push(ev.goalReviewed(caseId, g.goalId, day(start + waited + 45), workPick(ATTAINMENTS)));
    }
    const contacts = Math.floor(work() * 4);
    for (let j = 0; j < contacts; j++)
      out.push(
        ev.contact(caseId, `${caseId}-k${j}`, day(start + waited + 2 + j * 12), workPick(CHANNELS), work() < 0.3, cw),
      );
    if (work() < 0.25) {
      const referralId = `${caseId}-r`;
      out.push(ev.referralMade(referralId, caseId, workPick(REFERRAL_AGENCIES), day(start + 30)));
      if (work() < 0.7) out.push(ev.referralFeedback(referralId, caseId, 'accepted', day(start + 40)));
      if (work() < 0.5)
        out.push(ev.referralFeedback(referralId, caseId, workPick(['completed', 'declined']), day(start + 80)));
    }
    return out;
  };
  for (let i = 1; i <= participants; i++) {
    const id = String(i).padStart(4, '0');
    const personId = `p-${id}`;
    const caseId = `c-${id}`;
    const municipality = pick<string>(MUNICIPALITIES);
    const start = Math.floor(random() * 700);
    const cw = caseworkers[i % caseworkers.length]!;
    events.push(
      ev.personRegistered(
        personId,
        day(start),
        municipality,
        pick<string>(NATIONALITIES),
        `${1960 + Math.floor(random() * 9) * 5}-${1964 + Math.floor(random() * 9) * 5}`,
      ),
    );
    events.push(ev.caseOpened(caseId, personId, municipality, day(start)));
    events.push(ev.slotTaken(cw, caseId, day(start)));
    events.push(...casework(caseId, cw, start));
    events.push(ev.caseAction(caseId, `a-${id}-1`, 'counselling', day(start + 3 + Math.floor(random() * 25))));
    const consentDay = start + 5;
    events.push(
      ev.consentGranted(personId, `k-${id}`, day(consentDay), day(consentDay + 200 + Math.floor(random() * 300))),
    );
    if (random() < 0.08)
      events.push(ev.consentWithdrawn(personId, `k-${id}`, day(consentDay + 30 + Math.floor(random() * 100))));
    if (random() < 0.1) events.push(ev.consentRefused(personId, `r-${id}`, day(consentDay)));
    const transfers = Math.floor(random() * 5);
    for (let t = 0; t < transfers; t++) {
      const [agency, basis] = pick<[string, string]>(
        AGENCIES.map(([a, b, w]) => [[a, b], w]) as [[string, string], number][],
      );
      events.push(
        ev.transferred(
          personId,
          `t-${id}-${t}`,
          agency,
          basis,
          day(consentDay + 10 + t * 20 + Math.floor(random() * 250)),
        ),
      );
    }
    if (random() < 0.12) {
      const reasons = random() < 0.5 ? ['no-consent-for-recipient'] : ['special-category-requires-explicit-consent'];
      events.push(
        ev.transferRefused(
          personId,
          `x-${id}`,
          random() < 0.5 ? 'JUGENDAMT' : 'JOBCENTER_IP',
          reasons,
          day(consentDay + 15),
        ),
      );
    }
    if (random() < 0.2)
      events.push(ev.caseAction(caseId, `a-${id}-2`, 'referral', day(start + 60), { agencies: ['JOBCENTER_IP'] }));
    if (random() < 0.12)
      events.push(
        ev.caseAction(caseId, `a-${id}-3`, 'special-integration-achievement', day(start + 150), {
          achievementKind: pick<string>(KINDS),
        }),
      );
    if (random() < 0.06)
      events.push(
        ev.caseAction(caseId, `a-${id}-4`, 'referral', day(start + 200), { agencies: ['EINBUERGERUNGSBEHOERDE'] }),
      );
    if (random() < 0.55) {
      const end = start + 90 + Math.floor(random() * 300);
      events.push(ev.caseClosed(caseId, pick<string>(REASONS), day(end)));
      events.push(ev.slotReleased(cw, caseId, day(end)));
    }
  }
  events.push(ev.finding('f-1', '2026-08-12'));
  events.push(
    ev.finding('f-2', '2026-09-03', {
      topic: 'language-courses',
      title: 'Keine Integrationskurse mit Kinderbetreuung',
      description:
        'In Heiligenhaus und Wülfrath fehlen Integrationskurse mit Kinderbetreuung; Wartelisten über sechs Monate.',
      agencies: [],
      municipalities: ['Heiligenhaus', 'Wülfrath'],
      caseCount: 3,
    }),
  );
  const businessDay = (e: (typeof events)[number]) =>
    String(e.data.actionDate ?? e.data.contactOn ?? e.metadata.occurredAt.slice(0, 10));
  // In log order; the sort is stable, so events of one stream keep their order on the same day.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => businessDay(a.e).localeCompare(businessDay(b.e)) || a.i - b.i)
    .map(({ e }) => e);
}
