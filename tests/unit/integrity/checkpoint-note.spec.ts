import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  keyNameFor,
  signCheckpoint,
  signingKeyFromSeed,
  verifyCheckpoint,
} from '../../../src/audit/integrity/checkpoint-note.js';
import { DirectoryWitness } from '../../../src/audit/integrity/directory-witness.js';
import { integrityConfig } from '../../../src/audit/integrity/integrity-config.js';
import { monthsBefore } from '../../../src/audit/integrity/witness-evidence.js';
import { chainRoot, type ChainState } from '../../../src/event-store/hash-chain.js';

const origin = 'kim-ledger:sqlite:/srv/kim data';
const key = signingKeyFromSeed(keyNameFor(origin), randomBytes(32));
const keys = [{ name: key.name, publicKey: key.publicKey }];
const state: ChainState = {
  position: 1234n,
  heads: { main: randomBytes(32), access: randomBytes(32) },
  at: { main: 1233n, access: 1234n },
  leaf: randomBytes(32),
  format2From: 17n,
};

describe('a signed checkpoint note', () => {
  const note = signCheckpoint({ origin, kind: 'checkpoint', state, time: '2026-12-01T10:00:00.000Z' }, key);

  it('reads as a C2SP checkpoint: origin, size, base64 root, then our lines and an em-dash signature', () => {
    const [body, signature] = note.split('\n\n');
    const lines = body!.split('\n');
    expect(lines.slice(0, 3)).toEqual([origin, '1234', chainRoot(1234n, state.heads).toString('base64')]);
    expect(lines).toContain('kind checkpoint');
    expect(lines).toContain('heads-at 1233 1234');
    expect(signature).toMatch(/^— kim-ledger:sqlite:\/srv\/kim_data [A-Za-z0-9+/]+=*\n$/);
  });

  it('verifies and parses back to the same state', () => {
    const parsed = verifyCheckpoint(note, keys, 7);
    expect(parsed).toMatchObject({
      seq: 7,
      origin,
      kind: 'checkpoint',
      position: 1234n,
      format2From: 17n,
      time: '2026-12-01T10:00:00.000Z',
    });
    expect(parsed.heads.main.equals(state.heads.main)).toBe(true);
    expect(parsed.at).toEqual(state.at);
    expect(parsed.leaf!.equals(state.leaf!)).toBe(true);
  });

  it('is refused when one character of it changed', () => {
    expect(() => verifyCheckpoint(note.replace('\n1234\n', '\n1235\n'), keys, 0)).toThrow();
    expect(() => verifyCheckpoint(note.replace('kind checkpoint', 'kind acknowledgement'), keys, 0)).toThrow(
      /signature/,
    );
  });

  it('is refused when signed by another key, even under the right name', () => {
    const other = signingKeyFromSeed(key.name, randomBytes(32));
    const forged = signCheckpoint({ origin, kind: 'checkpoint', state, time: '2026-12-01T10:00:00.000Z' }, other);
    expect(() => verifyCheckpoint(forged, keys, 0)).toThrow(/no valid signature/);
  });

  it('carries an acknowledgement’s reason and rows', () => {
    const ack = signCheckpoint(
      {
        origin,
        kind: 'acknowledgement',
        state,
        time: 't',
        acknowledges: [3n, 9n],
        reason: 'Sicherung eingespielt\nTicket 1',
        incident: 'abc',
      },
      key,
    );
    expect(verifyCheckpoint(ack, keys, 0)).toMatchObject({
      acknowledgedRows: [3n, 9n],
      reason: 'Sicherung eingespielt\nTicket 1',
      incident: 'abc',
    });
  });
});

describe('the directory witness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kim-witness-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps notes per log in the order received and skips a torn last line', async () => {
    const witness = new DirectoryWitness(dir);
    await witness.publish(origin, 'first\n\nnote\n');
    await witness.publish(origin, 'second\n\nnote\n');
    await witness.publish('kim-ledger:sqlite:/other', 'elsewhere');
    appendFileSync(join(witness.folder(origin), 'checkpoints.jsonl'), '{"note":"tor');
    expect((await witness.read(origin)).map((e) => e.note)).toEqual(['first\n\nnote\n', 'second\n\nnote\n']);
    expect((await witness.latest(origin))?.note).toBe('second\n\nnote\n');
    expect(readFileSync(join(witness.folder(origin), 'log.txt'), 'utf8')).toBe(`${origin}\n`);
  });
});

describe('integrity configuration', () => {
  const error = (message: string) => new Error(message);

  it('refuses a witness or a key file inside the data folder', () => {
    expect(() => integrityConfig({ KIM_WITNESS_DIR: '/srv/kim/data/witness' }, '/srv/kim/data', error)).toThrow(
      /KIM_WITNESS_DIR must lie outside/,
    );
    expect(() => integrityConfig({ KIM_CHECKPOINT_KEY_FILE: '/srv/kim/data/k' }, '/srv/kim/data', error)).toThrow(
      /KIM_CHECKPOINT_KEY_FILE/,
    );
  });

  it('needs a witness it can read back', () => {
    expect(() => integrityConfig({ KIM_WITNESS: 'stdout' }, '/srv/kim/data', error)).toThrow(/read back/);
    expect(() => integrityConfig({ KIM_WITNESS: 'http' }, '/srv/kim/data', error)).toThrow(/KIM_WITNESS_URL/);
    expect(integrityConfig({ KIM_WITNESS: 'dir,stdout' }, '/srv/kim/data', error).witnesses).toEqual(['dir', 'stdout']);
  });

  it('defaults to a checkpoint a minute or 1,000 events and 24 months of access log', () => {
    expect(integrityConfig({}, '/srv/kim/data', error)).toMatchObject({
      checkpointEveryMs: 60_000,
      checkpointEveryEvents: 1000,
      accessLogMonths: 24,
      accessLogExpiry: 'daily',
    });
  });
});

describe('months before a date', () => {
  it('counts calendar months, ending on the last day of a shorter month', () => {
    expect(monthsBefore(new Date('2026-03-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(monthsBefore(new Date('2026-12-01T00:00:00Z'), 24).toISOString()).toBe('2024-12-01T00:00:00.000Z');
  });
});
