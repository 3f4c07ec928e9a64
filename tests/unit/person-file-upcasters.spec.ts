import { DEFAULT_CATALOGUE } from '../../src/config/catalogue.js';
import { EventCodec } from '../../src/event-sourcing/event-codec.js';
import type { PersonalDataProtector } from '../../src/event-sourcing/personal-data-protector.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { personFileDecider } from '../../src/person-file/person-file.decider.js';
import type { PersonFileEvent } from '../../src/person-file/person-file.events.js';
import { PERSON_FILE_UPCASTERS } from '../../src/person-file/person-file.upcasters.js';
import { verdictInGerman } from '../../src/legal-basis/verdict-de.js';
import { labelOf } from '../../src/catalogue/catalogue.js';
import { participationLabel } from '../../src/person-file/registration/participation.rules.js';
import { CASEWORKER, T0, TRANSFER_LAW, personRegistered, transferData } from '../support/builders.js';
import { testMetadata } from '../support/projection-harness.js';

/** Events of schema 2, as kim-ledger v2 stored them before the legal-basis matrix (issue 14). */
const plain: PersonalDataProtector = { encryptEventData: async (d) => d, decryptEventData: async (d) => d };
const codec = new EventCodec(plain, PERSON_FILE_UPCASTERS);
const stored = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e-${type}`,
  type,
  streamName: 'person-p1',
  revision: 0,
  position: 1n,
  data,
  metadata: testMetadata({ schemaVersion: 2 }),
  recordedAt: T0,
});

const v2Transfer = {
  transferId: 't-1',
  personId: 'p1',
  fromAgency: 'KI',
  toAgency: 'SOZIALAMT',
  dataCategories: ['identity'],
  purpose: 'benefit-application',
  legalBasis: 'SGB X §69',
  requestedBy: CASEWORKER,
  verdict: { allowed: true, reasons: ['statutory-basis-with-justification'], consentIds: [], flaggedForDpo: true },
  personal: { justification: 'Antrag' },
};

const v2Consent = {
  personId: 'p1',
  consentId: 'c-1',
  recipients: ['WOHLFAHRTSVERBAND'],
  dataCategories: ['identity'],
  purposes: ['social-counselling'],
  validFrom: T0,
  validUntil: '2027-12-31',
  mutual: false,
  declaredBy: 'person',
  interpreterPresent: true,
  evidenceKind: 'signed-form',
  recordedBy: CASEWORKER,
  personal: { evidenceReference: 'KI-1' },
};

describe('events recorded before the legal-basis matrix stay readable (schema 2 → 3)', () => {
  it('a transfer keeps its old code, gains an empty verdict of the matrix and no request', async () => {
    const { data } = await codec.decode<PersonFileEvent>(stored('DataTransferred', v2Transfer));
    expect(data).toMatchObject({
      legalBasis: 'SGB X §69',
      toAgency: 'SOZIALAMT',
      request: null,
      attestations: [],
      provenance: [],
      verdict: {
        outcome: 'allowed',
        allowed: true,
        basis: { code: 'SGB X §69', norm: null, title: null },
        conditions: [],
        failedConditions: [],
        reasons: ['statutory-basis-with-justification'],
        flaggedForDpo: true,
        approval: { required: false, approvedBy: null },
      },
    });
  });

  it('a refusal of schema 2 is a refusal', async () => {
    const refused = {
      ...v2Transfer,
      verdict: { ...v2Transfer.verdict, allowed: false, reasons: ['consent-withdrawn'] },
    };
    const { data } = await codec.decode<PersonFileEvent>(stored('TransferRefused', refused));
    expect(data).toMatchObject({ verdict: { outcome: 'refused', allowed: false, reasons: ['consent-withdrawn'] } });
  });

  it('the DPO and the Art. 15 report read it as decided before the matrix', async () => {
    const event = await codec.decode<PersonFileEvent>(stored('DataTransferred', v2Transfer));
    if (event.type !== 'DataTransferred') throw new Error('not a transfer');
    expect(verdictInGerman(event.data.verdict)).toEqual({
      rechtsgrundlage: 'SGB X §69 (vor der Rechtsgrundlagen-Matrix)',
      nichtErfuellt: [],
    });
  });

  it('the old collective recipient codes read "nicht näher bezeichnet"', () => {
    expect(labelOf(TRANSFER_LAW.catalogue, 'agencies', 'SOZIALAMT')).toBe('Sozialamt (nicht näher bezeichnet)');
    expect(labelOf(TRANSFER_LAW.catalogue, 'agencies', 'WOHLFAHRTSVERBAND')).toBe(
      'Wohlfahrtsverband (nicht näher bezeichnet)',
    );
  });

  it('a consent of schema 2 documented no information: readable, but it carries no transfer', async () => {
    const consent = await codec.decode<PersonFileEvent>(stored('ConsentGranted', v2Consent));
    expect(consent.data).toMatchObject({ informed: null, interpreterPresent: true });
    const decider = personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW);
    const registered = personRegistered({ personId: 'p1' });
    const state = [registered, { ...consent, type: 'ConsentGranted' } as PersonFileEvent].reduce(
      decider.evolve,
      decider.initialState(),
    );
    const [decision] = decider.decide(
      transferData({ personId: 'p1', toAgency: 'WV_CARITAS', dataCategories: ['identity'], purpose: 'counselling' }),
      state,
    );
    expect(decision).toMatchObject({ type: 'TransferRefused' });
  });
});

/** Events of schema 3, as stored before issue 14 item 5 (participation basis, provenance tags). */
describe('events recorded before the participation basis was required stay readable (schema 3 → 4)', () => {
  const schema3 = (type: string, data: Record<string, unknown>): RecordedEvent => ({
    ...stored(type, data),
    metadata: testMetadata({ schemaVersion: 3 }),
  });
  const v3Registration = {
    personId: 'p1',
    registeredBy: CASEWORKER,
    residue: { municipality: 'Velbert', birthYearBand: '1990-1994', nationality: 'TR' },
    personal: { givenName: 'Aylin', familyName: 'Yılmaz-Özdemir', dateOfBirth: '1991-04-17' },
  };

  it('a registration reads "not recorded" — never an invented basis', async () => {
    const { data } = await codec.decode<PersonFileEvent>(schema3('PersonRegistered', v3Registration));
    expect(data).toMatchObject({ participation: { kind: 'not-recorded' } });
    expect(participationLabel({ kind: 'not-recorded' }, TRANSFER_LAW.catalogue)).toEqual({
      de: 'vor Erfassung der Verarbeitungsgrundlage registriert',
      en: 'registered before the participation basis was recorded',
    });
  });

  it('a registration of schema 4 keeps its basis', async () => {
    const basis = {
      kind: 'public-task',
      code: 'public-task-kim',
      norm: 'Art. 6 Abs. 1 lit. e DSGVO',
      documentedBy: 'x',
    };
    const current = { ...stored('PersonRegistered', { ...v3Registration, participation: basis }) };
    current.metadata = testMetadata({ schemaVersion: 4 });
    expect((await codec.decode<PersonFileEvent>(current)).data).toMatchObject({ participation: basis });
  });

  it('a consent of schema 3 carries no provenance tags', async () => {
    const { data } = await codec.decode<PersonFileEvent>(
      schema3('ConsentGranted', { ...v2Consent, informed: { language: 'tr', formVersion: 'f', interpreter: false } }),
    );
    expect(data).toMatchObject({ provenance: [] });
  });
});
