import type { DemoWorld, Participant, Send } from './demo-world.js';
import { DAY_MS, isoDate } from './timeline.js';

/**
 * The casework of the DGCC cycle for one participant (issue 16): the Integrationsplan with goals per
 * field of action, reviews of its goals, contacts with channel and duration (an interpreter when the
 * participant needs one), and documents such as a residence permit with its expiry. Decisions are taken
 * when planned; the calls carry them out (goal ids are known once the plan is answered).
 */
export interface PlannedGoal {
  field: string;
  title: string;
  /** Known once the plan has been answered. */
  goalId?: string;
  open: boolean;
}

/** Goals a KI typically agrees, per field of action, with who carries them. */
const GOALS: readonly (readonly [field: string, title: string, responsible: string, weight: number])[] = [
  ['language', 'Integrationskurs bis B1 abschließen', 'participant', 5],
  ['work-recognition', 'Anerkennung des Berufsabschlusses beantragen', 'case-manager', 3],
  ['work-recognition', 'Arbeitsaufnahme oder Ausbildung', 'JOBCENTER_IP', 3],
  ['residence', 'Aufenthaltstitel verlängern', 'participant', 2],
  ['housing', 'Eigene Wohnung finden', 'participant', 2],
  ['education-school', 'Schulanmeldung der Kinder', 'family', 1.5],
  ['childcare', 'Kitaplatz für das jüngste Kind', 'JUGENDAMT', 1],
  ['health', 'Hausärztliche Anbindung', 'participant', 1],
  ['finances', 'Leistungsansprüche klären', 'case-manager', 1.5],
  ['family', 'Familiennachzug begleiten', 'case-manager', 0.5],
];

const STEPS = ['Unterlagen zusammenstellen', 'Termin bei der Beratungsstelle', 'Antrag stellen'] as const;

/** The goal agreement: one to three goals in distinct fields, agreed as the participant understood it. */
export function planGoalAgreement(world: DemoWorld, p: Participant): (send: Send) => Promise<void> {
  const { caseworkRandom: random, timeline } = world;
  const caller = world.owner(p);
  const count = random.int(1, 3);
  const chosen: (typeof GOALS)[number][] = [];
  while (chosen.length < count) {
    const goal = random.weighted(GOALS.map((g) => [g, g[3]] as const));
    if (!chosen.some((c) => c[0] === goal[0])) chosen.push(goal);
  }
  const agreedOn = isoDate(timeline.now);
  const interpreter = p.language !== undefined && p.language !== 'de';
  const goals = chosen.map(([field, title, responsible]) => {
    const dueOn = isoDate(timeline.now + random.int(150, 400) * DAY_MS);
    return {
      fieldOfAction: field,
      title,
      responsible,
      dueOn,
      steps: random.chance(0.6)
        ? [{ description: random.pick(STEPS), responsible: 'participant', dueOn: isoDate(timeline.now + 30 * DAY_MS) }]
        : [],
    };
  });
  const body = {
    agreedOn,
    agreement: interpreter
      ? { kind: 'verbal-with-interpreter', language: p.language }
      : { kind: random.chance(0.8) ? 'signed-plan' : 'verbal' },
    assessment: chosen.map(([field]) => ({ fieldOfAction: field, need: random.pick(['medium', 'high'] as const) })),
    goals,
  };
  const planned: PlannedGoal[] = chosen.map(([field, title]) => ({ field, title, open: true }));
  p.goals.push(...planned);
  return async (send) => {
    const answer = await send({ caller, method: 'POST', url: `/cases/${p.caseId}/plan`, body, expect: [201] });
    const ids = (answer.body?.goalIds ?? []) as string[];
    planned.forEach((g, i) => (g.goalId = ids[i]));
  };
}

/**
 * Reviews of the open goals: at a half-yearly review a goal is mostly partly reached, sometimes reached;
 * at closure every open goal gets its final attainment, by how the case ended.
 */
export function planGoalReviews(
  world: DemoWorld,
  p: Participant,
  occasion: 'review' | 'closure',
  closeReason?: string,
): (send: Send) => Promise<void> {
  const { caseworkRandom: random, timeline } = world;
  const caller = world.owner(p);
  const reviewedOn = isoDate(timeline.now);
  const reviews = p.goals
    .filter((g) => g.open)
    .map((goal) => {
      const attainment =
        occasion === 'review'
          ? random.weighted([
              ['partly-attained', 5],
              ['largely-attained', 3],
              ['attained', 2],
            ] as const)
          : closeReason === 'goals-achieved' || closeReason === 'naturalised'
            ? random.weighted([
                ['attained', 7],
                ['largely-attained', 2],
              ] as const)
            : random.weighted([
                ['partly-attained', 3],
                ['not-attained', 2],
                ['discontinued', 3],
              ] as const);
      if (occasion === 'closure' || attainment === 'attained') goal.open = false;
      return { goal, body: { reviewedOn, attainment, occasion } };
    });
  return async (send) => {
    for (const { goal, body } of reviews) {
      if (!goal.goalId) continue;
      const url = `/cases/${p.caseId}/goals/${goal.goalId}/review`;
      await send({ caller, method: 'POST', url, body, expect: [200] });
    }
  };
}

/** A contact: mostly in person, with an interpreter bound to confidentiality when the language needs one. */
export function planContact(
  world: DemoWorld,
  p: Participant,
  minutes: readonly [number, number],
): (send: Send) => Promise<void> {
  const { caseworkRandom: random, timeline } = world;
  const caller = world.owner(p);
  const channel = random.weighted([
    ['in-person', 6],
    ['phone', 3],
    ['video', 1],
    ['home-visit', 0.5],
    ['email', 1],
  ] as const);
  const interpreter =
    p.language !== undefined && p.language !== 'de' && channel !== 'email' && random.chance(0.5)
      ? {
          language: p.language,
          kind: random.pick(['professional', 'volunteer', 'remote'] as const),
          boundToConfidentiality: true,
        }
      : undefined;
  const body = {
    contactOn: isoDate(timeline.now),
    channel,
    durationMinutes: channel === 'email' ? 10 : random.int(minutes[0], minutes[1]),
    ...(interpreter ? { interpreter } : {}),
  };
  return async (send) => {
    await send({ caller, method: 'POST', url: `/cases/${p.caseId}/contacts`, body, expect: [201] });
  };
}

/** A residence permit or Fiktionsbescheinigung brought to the intake, filed with its expiry date. */
export function planIntakeDocument(world: DemoWorld, p: Participant): ((send: Send) => Promise<void>) | undefined {
  const { caseworkRandom: random, timeline } = world;
  if (!random.chance(0.5)) return undefined;
  const caller = world.owner(p);
  const fiction = random.chance(0.25);
  const body = {
    kind: fiction ? 'fiktionsbescheinigung' : 'residence-permit',
    contentType: 'application/pdf',
    // A stand-in for the scan: the demo writes no real papers.
    contentBase64: Buffer.from(`%PDF-1.4 Demo ${fiction ? 'Fiktionsbescheinigung' : 'Aufenthaltstitel'}`).toString(
      'base64',
    ),
    fileName: fiction ? 'fiktionsbescheinigung.pdf' : 'aufenthaltstitel.pdf',
    validUntil: isoDate(timeline.now + random.int(fiction ? 60 : 180, fiction ? 180 : 1095) * DAY_MS),
  };
  return async (send) => {
    await send({
      caller,
      method: 'POST',
      url: `/persons/${p.personId}/documents`,
      body: { ...body, caseId: p.caseId },
      expect: [201],
    });
  };
}
