import type { DemoWorld } from './demo-world.js';
import { DAY_MS } from './timeline.js';

/**
 * Structural findings (strukturelle Befunde) the case managers report to the committee over the two years:
 * gaps they meet in many cases, coded by topic, with the agencies and towns concerned and their own count
 * of cases. Fixed texts without any person's name (POST /findings refuses those), planned on fixed days, so
 * they draw nothing from the county's random stream and leave every other decision of a seed unchanged.
 */
const FINDINGS: readonly {
  day: number;
  topic: string;
  title: string;
  description: string;
  agencies: string[];
  municipalities: string[];
  caseCount: number;
}[] = [
  {
    day: 75,
    topic: 'waiting-times',
    title: 'Terminvergabe der Ausländerbehörde über zehn Wochen',
    description:
      'Termine zur Verlängerung des Aufenthaltstitels werden erst nach mehr als zehn Wochen vergeben; Fiktionsbescheinigungen fehlen, Arbeitsaufnahmen verzögern sich.',
    agencies: ['AUSLAENDERBEHOERDE'],
    municipalities: ['Velbert', 'Heiligenhaus', 'Wülfrath'],
    caseCount: 27,
  },
  {
    day: 160,
    topic: 'language-courses',
    title: 'Keine Integrationskurse mit Kinderbetreuung im Norden des Kreises',
    description:
      'In Heiligenhaus und Wülfrath gibt es keinen Integrationskurs mit Kinderbetreuung; Mütter kleiner Kinder warten über sechs Monate.',
    agencies: [],
    municipalities: ['Heiligenhaus', 'Wülfrath'],
    caseCount: 12,
  },
  {
    day: 250,
    topic: 'recognition-of-qualifications',
    title: 'Anerkennung von Pflegeabschlüssen dauert über ein Jahr',
    description:
      'Anerkennungsverfahren für Pflegefachkräfte aus Drittstaaten dauern über zwölf Monate; Anpassungslehrgänge sind ausgebucht.',
    agencies: ['AGENTUR_FUER_ARBEIT'],
    municipalities: ['Ratingen', 'Hilden', 'Langenfeld'],
    caseCount: 9,
  },
  {
    day: 330,
    topic: 'housing',
    title: 'Auszug aus Gemeinschaftsunterkünften scheitert am Wohnungsmarkt',
    description:
      'Anerkannte Geflüchtete bleiben mangels bezahlbarer Wohnungen in Gemeinschaftsunterkünften; Mietobergrenzen liegen unter den Angebotsmieten.',
    agencies: ['JOBCENTER_IP'],
    municipalities: ['Ratingen', 'Mettmann', 'Erkrath'],
    caseCount: 34,
  },
  {
    day: 420,
    topic: 'childcare',
    title: 'Fehlende Kitaplätze verhindern Sprachkurs und Arbeit',
    description:
      'Eltern ohne Kitaplatz können weder Integrationskurs noch Arbeit aufnehmen; die Wartelisten der Kitas reichen über ein Jahr.',
    agencies: ['JUGENDAMT'],
    municipalities: ['Monheim am Rhein', 'Langenfeld'],
    caseCount: 16,
  },
  {
    day: 520,
    topic: 'digital-access',
    title: 'Online-Terminvergabe ohne Mehrsprachigkeit',
    description:
      'Termine bei Jobcenter und Ausländerbehörde gibt es nur online und nur auf Deutsch; Teilnehmende brauchen für jede Buchung Unterstützung.',
    agencies: ['JOBCENTER_IP', 'AUSLAENDERBEHOERDE'],
    municipalities: [],
    caseCount: 41,
  },
  {
    day: 610,
    topic: 'health-care-access',
    title: 'Psychotherapie mit Sprachmittlung kaum erreichbar',
    description:
      'Traumatherapie mit Sprachmittlung ist im Kreis kaum verfügbar; Wartezeiten über neun Monate, Fahrten nach Düsseldorf.',
    agencies: [],
    municipalities: ['Velbert', 'Mettmann'],
    caseCount: 3,
  },
  {
    day: 690,
    topic: 'information-flow',
    title: 'Rückmeldungen der Stellen auf Verweisungen bleiben aus',
    description:
      'Auf Verweisungen an Regeldienste kommt oft keine Rückmeldung; Fallmanagerinnen und Fallmanager fragen nach vier Wochen einzeln nach.',
    agencies: ['JOBCENTER_IP', 'SCHULAMT'],
    municipalities: [],
    caseCount: 19,
  },
];

/** Plans each finding on its day, at ten in the morning, written by the team lead. */
export function planFindings(world: DemoWorld): void {
  const { timeline } = world;
  for (const { day, ...body } of FINDINGS) {
    timeline.at(timeline.start + day * DAY_MS + 10 * 60 * 60 * 1000, () =>
      world.job(['findings'], async (send) => {
        await send({ caller: world.teamLead, method: 'POST', url: '/findings', body, expect: [201] });
      }),
    );
  }
}
