import { ChainWalker, type TrustedCheckpoint, type WalkRow } from '../../../src/event-store/chain-walker.js';
import {
  chainHash,
  chainRoot,
  GENESIS_HASH,
  laneHash,
  laneOf,
  leafHash,
  utf8,
  type ChainedFields,
  type ChainState,
} from '../../../src/event-store/hash-chain.js';

/** A log as the embedded store writes it: format 1 before `format2From`, two lanes after. */
function log(streams: string[], format2From = 1) {
  const rows: WalkRow[] = [];
  const states: ChainState[] = [];
  let v1: Buffer = GENESIS_HASH;
  let heads = { main: GENESIS_HASH, access: GENESIS_HASH };
  let at = { main: 0n, access: 0n };
  streams.forEach((stream, i) => {
    const position = i + 1;
    const fields: ChainedFields = {
      position,
      stream: utf8(stream),
      revision: 0,
      type: utf8(laneOf(stream) === 'access' ? 'PersonalDataAccessed' : 'CaseOpened'),
      id: utf8(`id-${position}`),
      data: utf8(JSON.stringify({ n: position })),
      metadata: utf8('{}'),
      recordedAt: utf8('2026-01-01T00:00:00.000Z'),
    };
    let hash: Buffer;
    let leaf: Buffer | undefined;
    if (position < format2From) {
      hash = v1 = chainHash(v1, fields);
      heads = { main: v1, access: v1 };
      at = { main: BigInt(position), access: BigInt(position) };
    } else {
      const lane = laneOf(stream);
      leaf = leafHash(fields);
      hash = laneHash(heads[lane], lane, leaf);
      heads = { ...heads, [lane]: hash };
      at = { ...at, [lane]: BigInt(position) };
    }
    rows.push({ position: BigInt(position), fields, storedHash: hash });
    states.push({ position: BigInt(position), heads, at, ...(leaf ? { leaf } : {}), format2From: BigInt(format2From) });
  });
  return { rows, states };
}

let seq = 0;
const checkpoint = (state: ChainState, extra: Partial<TrustedCheckpoint> = {}): TrustedCheckpoint => ({
  seq: seq++,
  kind: 'checkpoint',
  position: state.position,
  heads: state.heads,
  root: chainRoot(state.position, state.heads),
  ...(state.leaf ? { leaf: state.leaf } : {}),
  format2From: state.format2From,
  time: '2026-01-01T00:01:00.000Z',
  ...extra,
});

function walk(rows: WalkRow[], options: Partial<ConstructorParameters<typeof ChainWalker>[0]> = {}) {
  const walker = new ChainWalker({ format2From: 1n, gapless: true, ...options });
  for (const row of rows) if (!walker.push(row)) break;
  return walker.finish();
}

const STREAMS = ['case-1', 'access-a', 'case-2', 'security-b', 'access-c', 'case-1', 'case-3', 'access-d'];

describe('a chain walked with the checkpoints of its own history', () => {
  it('verifies and names the newest checkpoint it extends', () => {
    const { rows, states } = log(STREAMS);
    const result = walk(rows, { checkpoints: [checkpoint(states[2]!), checkpoint(states[7]!)] });
    expect(result.failure).toBeUndefined();
    expect(result.lastGood?.position).toBe(8n);
    expect(result.state.heads).toEqual(states[7]!.heads);
    expect(result.state.at).toEqual({ main: 7n, access: 8n });
  });

  it('continues a format-1 history in format 2 from its head', () => {
    const { rows, states } = log(STREAMS, 4);
    const result = walk(rows, { format2From: 4n, checkpoints: [checkpoint(states[2]!), checkpoint(states[7]!)] });
    expect(result.failure).toBeUndefined();
    expect(result.lastGood?.position).toBe(8n);
  });
});

describe('a chain rewritten consistently (every stored hash recomputed)', () => {
  const { rows, states } = log(STREAMS);
  const { rows: forged } = log([
    'case-1',
    'access-a',
    'case-9',
    'security-b',
    'access-c',
    'case-1',
    'case-3',
    'access-d',
  ]);

  it('passes its own hashes but not the checkpoint taken before the rewrite', () => {
    const result = walk(forged, { checkpoints: [checkpoint(states[1]!), checkpoint(states[5]!)] });
    expect(result.failure).toMatchObject({
      kind: 'checkpoint',
      position: 3n,
      reason: expect.stringMatching(/main lane differs/),
    });
    expect(result.lastGood?.position).toBe(2n);
  });

  it('is still found after more events were appended on top', () => {
    const longer = log([...STREAMS.map((s, i) => (i === 2 ? 'case-9' : s)), 'case-4', 'access-e']).rows;
    const result = walk(longer, { checkpoints: [checkpoint(states[5]!)] });
    expect(result.failure?.reason).toMatch(/does not extend the witnessed checkpoint at position 6/);
  });

  it('is reported as a fork when the witness holds two histories at one position', () => {
    const { states: other } = log(['case-1', 'access-a', 'case-9', 'security-b', 'access-c', 'case-1']);
    const result = walk(rows, { checkpoints: [checkpoint(states[5]!), checkpoint(other[5]!)] });
    expect(result.failure?.reason).toMatch(/^fork/);
  });
});

describe('a log cut off at the end', () => {
  it('fails on a checkpoint beyond its last event, also when events were appended again', () => {
    const { rows, states } = log(STREAMS);
    expect(walk(rows.slice(0, 5), { checkpoints: [checkpoint(states[6]!)] }).failure?.reason).toMatch(/truncated/);
    const regrown = log([...STREAMS.slice(0, 5), 'access-x', 'case-8', 'case-9']).rows;
    expect(walk(regrown, { checkpoints: [checkpoint(states[6]!)] }).failure?.reason).toMatch(/does not extend/);
  });
});

describe('an access lane cut at a checkpoint (expired access-log entries removed)', () => {
  const { rows, states } = log(STREAMS);
  const cut = { position: 5n, access: states[4]!.heads.access };
  const remaining = rows.filter((r) => r.position > 5n || laneOf(Buffer.from(r.fields.stream).toString()) === 'main');

  it('verifies the main lane whole and the access lane from the cut', () => {
    const result = walk(remaining, {
      cut,
      checkpoints: [checkpoint(states[1]!), checkpoint(states[4]!), checkpoint(states[7]!)],
    });
    expect(result.failure).toBeUndefined();
    expect(result.lastGood?.position).toBe(8n);
  });

  it('still finds a main-lane event changed below the cut', () => {
    const changed = remaining.map((r) =>
      r.position === 3n ? { ...r, fields: { ...r.fields, data: utf8('{"n":33}') } } : r,
    );
    expect(walk(changed, { cut }).failure).toMatchObject({
      position: 3n,
      reason: expect.stringMatching(/hash mismatch/),
    });
  });

  it('still finds an access entry deleted after the cut', () => {
    const result = walk(
      remaining.filter((r) => r.position !== 8n),
      { cut, checkpoints: [checkpoint(states[7]!)] },
    );
    expect(result.failure?.reason).toMatch(/truncated|missing/);
  });

  it('does not let a main event below the cut vanish as if it had expired', () => {
    const result = walk(
      remaining.filter((r) => r.position !== 3n),
      { cut },
    );
    expect(result.failure?.reason).toMatch(/hash mismatch/);
  });
});

describe('acknowledged incidents', () => {
  const { rows, states } = log(STREAMS);
  const truncated = log([...STREAMS.slice(0, 5), 'case-8', 'access-y', 'case-9']);

  it('count as on record, not as a stop, when signed after the checkpoints they supersede', () => {
    const before = checkpoint(states[6]!);
    const ack = checkpoint(truncated.states[5]!, { kind: 'acknowledgement', acknowledgedRows: [] });
    const result = walk(truncated.rows, { checkpoints: [before, ack] });
    expect(result.failure).toBeUndefined();
    expect(result.acknowledged).toHaveLength(1);
  });

  it('do not cover a checkpoint signed after them', () => {
    const ack = checkpoint(states[3]!, { kind: 'acknowledgement', acknowledgedRows: [] });
    const result = walk(truncated.rows, { checkpoints: [ack, checkpoint(states[6]!)] });
    expect(result.failure?.reason).toMatch(/does not extend/);
  });

  it('cover an edited row only at the position they name', () => {
    const edited = rows.map((r) => (r.position === 3n ? { ...r, fields: { ...r.fields, data: utf8('{"n":0}') } } : r));
    const ackAt3 = checkpoint(states[7]!, { kind: 'acknowledgement', acknowledgedRows: [3n] });
    expect(walk(edited, { checkpoints: [ackAt3] }).failure).toBeUndefined();
    const ackAt2 = checkpoint(states[7]!, { kind: 'acknowledgement', acknowledgedRows: [2n] });
    expect(walk(edited, { checkpoints: [ackAt2] }).failure?.position).toBe(3n);
  });
});

describe('rows of another writer checked from a trusted state', () => {
  it('extend it when they chain on, and fail when the state was cut away beneath them', () => {
    const { rows, states } = log(STREAMS);
    const from = states[3]!;
    expect(walk(rows.slice(4), { start: from }).failure).toBeUndefined();
    const other = log(['case-1', 'access-a', 'case-X', 'security-b', 'case-7', 'access-q']).rows;
    expect(walk(other.slice(4), { start: from }).failure?.reason).toMatch(/hash mismatch/);
  });
});
