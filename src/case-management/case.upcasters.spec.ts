import { EventCodec } from '../event-sourcing/event-codec.js';
import type { PersonalDataProtector } from '../event-sourcing/personal-data-protector.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { testMetadata } from '../../tests/support/projection-harness.js';
import { CASE_UPCASTERS } from './case.upcasters.js';

const plain: PersonalDataProtector = { encryptEventData: async (d) => d, decryptEventData: async (d) => d };
const codec = new EventCodec(plain, CASE_UPCASTERS);

const stored = (
  type: string,
  data: Record<string, unknown>,
  schemaVersion: number,
  occurredAt: string,
): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000099',
  streamName: 'case-c1',
  type,
  data,
  metadata: testMetadata({ schemaVersion, occurredAt }),
  revision: 0,
  position: 1n,
  recordedAt: occurredAt,
});

describe('case events of older schema versions', () => {
  it('gives a CaseOpened of schema 2 the German calendar date of its instant as openedOn', async () => {
    // 23:30 UTC on 14 January is already 15 January in Germany.
    const event = stored(
      'CaseOpened',
      { caseId: 'c1', personId: 'p1', municipality: 'Velbert', openedBy: 'cw-01' },
      2,
      '2026-01-14T23:30:00.000Z',
    );
    expect((await codec.decode(event)).data).toMatchObject({ openedOn: '2026-01-15' });
    expect(event.data).not.toHaveProperty('openedOn'); // the stored event is not rewritten
  });

  it('keeps the openedOn of a CaseOpened of schema 3', async () => {
    const event = stored('CaseOpened', { caseId: 'c1', openedOn: '2026-01-10' }, 3, '2026-01-14T10:00:00.000Z');
    expect((await codec.decode(event)).data).toMatchObject({ openedOn: '2026-01-10' });
  });

  it('still gives a CaseClosed of schema 1 its closedAt', async () => {
    const event = stored('CaseClosed', { caseId: 'c1', reason: 'moved-away' }, 1, '2026-02-01T10:00:00.000Z');
    expect((await codec.decode(event)).data).toMatchObject({ closedAt: '2026-02-01T10:00:00.000Z' });
  });
});
