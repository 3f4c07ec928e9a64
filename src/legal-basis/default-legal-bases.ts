import { DEFAULT_CATALOGUE_V2 } from '../catalogue/default-catalogue.js';
import type { CodedEntry } from '../catalogue/catalogue.js';
import { ANY, type LegalBasisMatrix, type LegalBasisRow, type Norm } from './legal-basis.js';

/**
 * Kreis Mettmann's legal-basis matrix (product.md §3, legal.md v2). The county's legal office may change
 * rows (file in KIM_LEGAL_BASES_FILE), not the meaning of these codes. Every place where this matrix takes
 * the stricter of two readings is listed in docs/legal-bases.md.
 */
const para = (number: string, law: string, parts: Partial<Norm> = {}): Norm => ({ unit: '§', number, law, ...parts });
const art = (number: string, parts: Partial<Norm> = {}): Norm => ({ unit: 'Art.', number, law: 'DSGVO', ...parts });

/** Recipients of § 69 Abs. 1 Nr. 1 SGB X: the bodies of § 35 SGB I, never a legacy collective code. */
const SOCIAL_CODE_BODIES = DEFAULT_CATALOGUE_V2.agencies
  .filter((a) => a.socialCodeBody && !a.legacy)
  .map((a) => a.code);
const SOCIAL_OFFICES = DEFAULT_CATALOGUE_V2.agencies
  .filter((a) => a.kind === 'social-office' && !a.legacy)
  .map((a) => a.code);

const WITHIN_TASKS: CodedEntry = {
  code: 'request-within-authority-tasks',
  label: 'Ersuchen liegt im Aufgabenbereich der ersuchenden Behörde (§ 67d Abs. 2 SGB X)',
  labelEn: "the request lies within the requesting authority's tasks",
};

/** What every statutory row shares unless it says otherwise: the stricter settings. */
const statutory = {
  kind: 'statutory',
  relatedNorms: [],
  senders: ['KI'],
  foreignersOnly: false,
  euCitizens: 'covered',
  request: { required: false, authorities: 'recipient', maxAgeDays: null },
  specialCategoriesAllowed: false,
  blockingProvenance: ['from-203-professional', 'entrusted-youth-office'],
  secondPersonApproval: { required: false, approverRoles: ['team_lead'] },
  dpoFlag: true,
  justification: { required: true, minLength: 20 },
  attestations: [],
} as const satisfies Partial<LegalBasisRow>;

const ON_REQUEST = { required: true, authorities: 'recipient', maxAgeDays: 90 } as const;
const TEAM_LEAD_APPROVAL = { required: true, approverRoles: ['team_lead'] };

export const DEFAULT_LEGAL_BASES: LegalBasisMatrix = {
  version: 1,
  rows: [
    {
      code: 'consent',
      kind: 'consent',
      norm: art('6', { absatz: '1', buchstabe: 'a' }),
      relatedNorms: [art('7'), art('9', { absatz: '2', buchstabe: 'a' })],
      title: 'Einwilligung der betroffenen Person (§ 67b SGB X)',
      titleEn: 'consent of the data subject',
      regimes: ['sgb', 'dsg-nrw'],
      // A mutual consent lets the partner report back to the KI (release in both directions).
      senders: ANY,
      recipients: ANY,
      dataCategories: ANY,
      purposes: ANY,
      foreignersOnly: false,
      euCitizens: 'covered',
      request: { required: false, authorities: 'recipient', maxAgeDays: null },
      // Art. 9 Abs. 2 lit. a DSGVO: explicit consent naming the category.
      specialCategoriesAllowed: true,
      blockingProvenance: [],
      secondPersonApproval: { required: false, approverRoles: [] },
      dpoFlag: false,
      justification: { required: false, minLength: 0 },
      attestations: [],
      consent: {
        requireInformed: true,
        capAtMaximumValidity: true,
        entrusterTags: ['entrusted-youth-office'],
        entrusterConsentMustNameTag: true,
      },
    },
    {
      ...statutory,
      code: 'sgb10-69',
      norm: para('69', 'SGB X', { absatz: '1', nummer: '1' }),
      title: 'Übermittlung für die Erfüllung sozialer Aufgaben an Stellen nach § 35 SGB I',
      titleEn: 'transfer for a social-code task to a body of § 35 SGB I',
      regimes: ['sgb'],
      recipients: SOCIAL_CODE_BODIES,
      dataCategories: [
        'identity',
        'residence-status',
        'employment',
        'education',
        'family-youth-welfare',
        'language-skills',
      ],
      purposes: ['labour-market-integration', 'social-benefits', 'housing', 'language-course', 'counselling'],
    },
    {
      ...statutory,
      code: 'sgb10-71-2',
      norm: para('71', 'SGB X', { absatz: '2' }),
      relatedNorms: [para('87', 'AufenthG', { absatz: '1' })],
      title: 'Übermittlung an die Ausländerbehörde auf Ersuchen im Einzelfall',
      titleEn: 'transfer to the immigration authority on its request in the individual case',
      regimes: ['sgb'],
      recipients: ['AUSLAENDERBEHOERDE'],
      dataCategories: ['identity', 'residence-status'],
      purposes: ['residence-law-procedure'],
      foreignersOnly: true,
      euCitizens: 'excluded',
      request: ON_REQUEST,
      blockingProvenance: ['from-203-professional', 'entrusted-youth-office', 'received-social-data'],
      secondPersonApproval: TEAM_LEAD_APPROVAL,
      attestations: [WITHIN_TASKS],
    },
    {
      ...statutory,
      code: 'kkg-4',
      norm: para('4', 'KKG', { absatz: '3' }),
      relatedNorms: [para('8a', 'SGB VIII')],
      title: 'Mitteilung an das Jugendamt bei gewichtigen Anhaltspunkten für eine Kindeswohlgefährdung',
      titleEn: 'notice to the youth office on weighty signs that a child is endangered',
      regimes: ['sgb', 'dsg-nrw'],
      recipients: ['JUGENDAMT'],
      dataCategories: ['identity', 'family-youth-welfare', 'health', 'education', 'language-skills', 'case-notes'],
      purposes: ['child-protection'],
      // § 67b Abs. 1 S. 3 SGB X: health data may go under a statutory power; § 4 KKG is one.
      specialCategoriesAllowed: true,
      // § 4 KKG is itself the power of § 203 professionals; § 65 SGB VIII data still need their entruster.
      blockingProvenance: ['entrusted-youth-office'],
      attestations: [
        {
          code: 'weighty-signs-of-endangerment',
          label: 'Gewichtige Anhaltspunkte für eine Gefährdung des Kindeswohls (§ 4 Abs. 1 KKG)',
          labelEn: 'weighty signs that the child is endangered',
        },
        {
          code: 'averting-failed-or-excluded',
          label: 'Abwendung mit Kind und Eltern scheidet aus oder blieb erfolglos (§ 4 Abs. 3 KKG)',
          labelEn: 'averting the danger with child and parents is excluded or failed',
        },
        {
          code: 'persons-informed-unless-endangering',
          label: 'Betroffene vorab hingewiesen, soweit der Schutz des Kindes nicht gefährdet wird (§ 4 Abs. 3 KKG)',
          labelEn: 'the persons concerned were told beforehand unless that endangers the child',
        },
      ],
    },
    {
      ...statutory,
      code: 'stag-32',
      norm: para('32', 'StAG', { absatz: '1' }),
      title: 'Übermittlung an die Einbürgerungsbehörde auf deren Ersuchen',
      titleEn: 'transfer to the naturalisation authority on its request',
      regimes: ['sgb', 'dsg-nrw'],
      recipients: ['EINBUERGERUNGSBEHOERDE'],
      dataCategories: ['identity', 'residence-status', 'employment', 'language-skills'],
      purposes: ['naturalisation'],
      // Only a foreigner can be naturalised; Union citizens can.
      foreignersOnly: true,
      euCitizens: 'covered',
      request: ON_REQUEST,
      blockingProvenance: ['from-203-professional', 'entrusted-youth-office', 'received-social-data'],
      secondPersonApproval: TEAM_LEAD_APPROVAL,
      attestations: [WITHIN_TASKS],
    },
    {
      ...statutory,
      code: 'vital-interests',
      norm: art('6', { absatz: '1', buchstabe: 'd' }),
      relatedNorms: [art('9', { absatz: '2', buchstabe: 'c' })],
      title: 'Schutz lebenswichtiger Interessen im Notfall',
      titleEn: 'protection of vital interests in an emergency',
      // Directly applicable DSGVO: § 35 Abs. 2 SGB I leaves it untouched.
      regimes: ['sgb', 'dsg-nrw'],
      recipients: ['JUGENDAMT', ...SOCIAL_OFFICES],
      dataCategories: ['identity', 'health', 'family-youth-welfare', 'language-skills'],
      purposes: ['health-care', 'child-protection', 'housing'],
      specialCategoriesAllowed: true,
      // In an emergency § 34 StGB and § 65 Abs. 1 Nr. 5 SGB VIII let even confided data go.
      blockingProvenance: [],
      attestations: [
        {
          code: 'vital-interest-at-stake',
          label: 'Leben oder körperliche Unversehrtheit unmittelbar gefährdet',
          labelEn: 'life or physical integrity in immediate danger',
        },
        {
          code: 'consent-not-obtainable',
          label: 'Einwilligung kann nicht eingeholt werden (Art. 9 Abs. 2 lit. c DSGVO)',
          labelEn: 'consent cannot be obtained',
        },
      ],
    },
  ],
  settings: {
    implicitProvenance: [
      // KIM case managers are typically state-recognised social workers (§ 203 Abs. 1 Nr. 6 StGB).
      { category: 'case-notes', tag: 'from-203-professional' },
      // Family data the youth office sends were confided to it (v1 behaviour, § 65 SGB VIII).
      { category: 'family-youth-welfare', sender: 'JUGENDAMT', tag: 'entrusted-youth-office', entrustedBy: 'person' },
    ],
    justificationCounts: 'letters-and-digits',
  },
};
