import { CURRENT_SCHEMA_VERSION, EventCodec } from '../../src/event-sourcing/event-codec.js';
import type { PersonalDataProtector } from '../../src/event-sourcing/personal-data-protector.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { testMetadata } from '../support/projection-harness.js';

/** A reversible stand-in for the cipher, so the envelope can be seen to wrap only `personal`. */
const reversing: PersonalDataProtector = {
  encryptEventData: async (data) =>
    data.personal === undefined
      ? data
      : { ...data, personal: { sealed: JSON.stringify(data.personal).split('').reverse().join('') } },
  decryptEventData: async (data) => {
    const sealed = (data.personal as { sealed?: string } | undefined)?.sealed;
    return sealed === undefined ? data : { ...data, personal: JSON.parse(sealed.split('').reverse().join('')) };
  },
};

const command = {
  commandId: 'b0c2f2a4-6f0e-4c38-9a8d-3c1f6e2d9a01',
  correlationId: 'corr-7',
  actor: { sub: 'cw-01', role: 'caseworker' as const, agency: 'KI' },
  purpose: 'case-management',
  at: '2026-03-02T10:00:00.000Z',
};

const recordedFrom = (
  data: Record<string, unknown>,
  schemaVersion: number,
  type = 'ConsentWithdrawn',
): RecordedEvent => ({
  id: 'e1',
  type,
  streamName: 'person-p1',
  revision: 0,
  position: 1n,
  data,
  metadata: testMetadata({ schemaVersion }),
  recordedAt: '2026-03-02T10:00:00.001Z',
});

describe('event codec', () => {
  describe('when encoding the events of a command', () => {
    it('puts the DPO envelope on every event and derives event ids from the command', async () => {
      const codec = new EventCodec(reversing);
      const events = [
        {
          type: 'DataTransferred',
          data: { personId: 'p1', legalBasis: 'SGB X §71', personal: { justification: 'Anfrage ABH' } },
        },
        { type: 'TransferAcknowledged', data: { personId: 'p1' } },
      ];
      const first = await codec.encode(events, 'person-p1', command);
      const again = await codec.encode(events, 'person-p1', command);
      expect(first.map((e) => e.id)).toEqual(again.map((e) => e.id));
      expect(new Set(first.map((e) => e.id)).size).toBe(2);
      expect(first[0]!.metadata).toEqual({
        schemaVersion: CURRENT_SCHEMA_VERSION,
        commandId: command.commandId,
        correlationId: 'corr-7',
        causationId: command.commandId,
        actor: command.actor,
        purpose: 'case-management',
        legalBasis: 'SGB X §71',
        occurredAt: command.at,
      });
      expect(JSON.stringify(first[0]!.data)).not.toContain('Anfrage ABH');
      expect(
        (await codec.decode(recordedFrom(first[0]!.data, CURRENT_SCHEMA_VERSION, 'DataTransferred'))).data,
      ).toEqual(events[0]!.data);
    });
  });

  describe('when reading an event of an older schema version', () => {
    it('upcasts it to the current shape without rewriting the stored event', async () => {
      const codec = new EventCodec(reversing, {
        ConsentWithdrawn: (data, from) => (from < 1 ? { ...data, withdrawnAt: data.at, at: undefined } : data),
      });
      const stored = { personId: 'p1', consentId: 'c1', at: '2025-01-01T00:00:00.000Z' };
      const decoded = await codec.decode(recordedFrom(stored, 0));
      expect(decoded.data).toMatchObject({ consentId: 'c1', withdrawnAt: '2025-01-01T00:00:00.000Z' });
      expect(stored).toEqual({ personId: 'p1', consentId: 'c1', at: '2025-01-01T00:00:00.000Z' });
    });

    it('leaves current events untouched', async () => {
      let calls = 0;
      const codec = new EventCodec(reversing, { ConsentWithdrawn: (data) => (calls++, data) });
      await codec.decode(recordedFrom({ personId: 'p1', consentId: 'c1' }, CURRENT_SCHEMA_VERSION));
      expect(calls).toBe(0);
    });
  });
});
