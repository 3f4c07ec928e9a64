/**
 * Signed checkpoints of the log (product rule 9), in the shape the transparency-log world uses for signed
 * tree heads: a C2SP "signed note" (https://c2sp.org/signed-note) whose body begins like a C2SP
 * tlog-checkpoint (https://c2sp.org/tlog-checkpoint) — origin, size, base64 root hash — followed by our own
 * extension lines. As in RFC 9162's signed tree head, the signature binds the log's identity, how far the
 * log reached, the root hash and the time; anyone holding the public key can check a note with no access
 * to the store, and the text stays readable in a witness file, a log collector or a printed report.
 *
 *   kim-ledger:sqlite:/srv/kim/data             origin: which log
 *   18342                                       position of the newest event covered ("size")
 *   qkF0…=                                      root = sha256(0x02 || position || main head || access head)
 *   kind checkpoint                             checkpoint | acknowledgement | cut
 *   main Zm9v…=                                 head of the main lane
 *   access YmFy…=                               head of the access lane
 *   heads-at 18342 18340                        where each lane's head was written (main, access)
 *   leaf cXV4…=                                 leaf hash of the event at the position (format 2)
 *   format2 1                                   first position written in format 2
 *   time 2026-12-01T10:00:00.000Z               when it was signed
 *   acknowledges 17,19                          acknowledgement: row failures accepted (may be empty)
 *   reason <base64 of UTF-8>                    acknowledgement, cut: the operator's words
 *   incident <event id>                         acknowledgement: the IntegrityIncidentAcknowledged event
 *   expired <count>                             cut: access entries removed
 *
 *   — kim-ledger:sqlite:/srv/kim/data <base64(key hint ‖ Ed25519 signature)>
 *
 * The key hint is the first four bytes of sha256(name ‖ "\n" ‖ 0x01 ‖ public key), as in signed-note.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { TrustedCheckpoint } from '../../event-store/chain-walker.js';
import { chainRoot, type ChainState } from '../../event-store/hash-chain.js';

export type CheckpointKind = TrustedCheckpoint['kind'];

export interface CheckpointBody {
  origin: string;
  kind: CheckpointKind;
  state: ChainState;
  time: string;
  acknowledges?: readonly bigint[];
  reason?: string;
  incident?: string;
  expired?: number;
}

export interface SigningKey {
  /** The signed-note key name: keyNameFor(the log's origin). */
  name: string;
  privateKey: KeyObject;
  publicKey: Buffer;
}

export interface VerifierKey {
  name: string;
  publicKey: Buffer;
}

/** A note whose signature checked out, parsed. */
export interface VerifiedNote extends TrustedCheckpoint {
  origin: string;
  keyHint: string;
  reason?: string;
  incident?: string;
  expired?: number;
  text: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const EM_DASH = '\u2014';

/** Signed-note key names may hold neither spaces nor '+'; an origin (a path) may. */
export const keyNameFor = (origin: string): string => origin.replace(/[\s+]/g, '_');

export function signingKeyFromSeed(name: string, seed: Buffer): SigningKey {
  if (seed.length !== 32) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { name, privateKey, publicKey: Buffer.from(der.subarray(der.length - 32)) };
}

const publicKeyObject = (raw: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

export function keyHint(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([0x01]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

const b64 = (bytes: Buffer) => bytes.toString('base64');

function bodyText(body: CheckpointBody): string {
  if (/[\n\r]/.test(body.origin) || body.origin === '') throw new Error('a log origin is one non-empty line');
  const { state } = body;
  const lines = [
    body.origin,
    state.position.toString(),
    b64(chainRoot(state.position, state.heads)),
    `kind ${body.kind}`,
    `main ${b64(state.heads.main)}`,
    `access ${b64(state.heads.access)}`,
    ...(state.at ? [`heads-at ${state.at.main} ${state.at.access}`] : []),
    ...(state.leaf ? [`leaf ${b64(state.leaf)}`] : []),
    `format2 ${state.format2From}`,
    `time ${body.time}`,
    ...(body.acknowledges ? [`acknowledges ${body.acknowledges.join(',')}`] : []),
    ...(body.reason !== undefined ? [`reason ${b64(Buffer.from(body.reason, 'utf8'))}`] : []),
    ...(body.incident ? [`incident ${body.incident}`] : []),
    ...(body.expired !== undefined ? [`expired ${body.expired}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function signCheckpoint(body: CheckpointBody, key: SigningKey): string {
  const text = bodyText(body);
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey);
  const blob = Buffer.concat([keyHint(key.name, key.publicKey), signature]);
  return `${text}\n${EM_DASH} ${key.name} ${b64(blob)}\n`;
}

/**
 * Checks a note against the trusted keys and parses it; throws with the reason when it is not a valid
 * checkpoint signed by one of them (a forged or altered note must never count as witnessed).
 */
export function verifyCheckpoint(note: string, keys: readonly VerifierKey[], seq: number): VerifiedNote {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('not a signed note (no blank line before the signatures)');
  const text = note.slice(0, split + 1);
  const body = Buffer.from(text, 'utf8');
  let hint: string | undefined;
  for (const line of note.slice(split + 2).split('\n')) {
    const match = SIGNATURE_LINE.exec(line);
    if (!match) continue;
    const blob = Buffer.from(match[2]!, 'base64');
    for (const key of keys) {
      if (key.name !== match[1]) continue;
      const known = verifierOf(key);
      if (!blob.subarray(0, 4).equals(known.hint)) continue;
      if (verify(null, body, known.publicKey, blob.subarray(4))) {
        hint = known.hint.toString('hex');
        break;
      }
    }
    if (hint) break;
  }
  if (!hint) throw new Error('no valid signature by a trusted checkpoint key');
  return { ...parseBody(text), seq, keyHint: hint, text: note };
}

const SIGNATURE_LINE = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`);

/** Key objects and hints, built once per key: a verification of many notes checks each against them. */
const verifiers = new Map<string, { publicKey: KeyObject; hint: Buffer }>();
function verifierOf(key: VerifierKey): { publicKey: KeyObject; hint: Buffer } {
  const id = `${key.name}\n${key.publicKey.toString('base64')}`;
  let known = verifiers.get(id);
  if (!known)
    verifiers.set(id, (known = { publicKey: publicKeyObject(key.publicKey), hint: keyHint(key.name, key.publicKey) }));
  return known;
}

function headsAt(line: string | undefined): { at?: { main: bigint; access: bigint } } {
  const match = /^(\d+) (\d+)$/.exec(line ?? '');
  return match ? { at: { main: BigInt(match[1]!), access: BigInt(match[2]!) } } : {};
}

/** Parses a note without checking its signature: to pick a candidate cheaply, never to trust it. */
export function peekCheckpoint(note: string): Omit<VerifiedNote, 'seq' | 'keyHint' | 'text'> | undefined {
  const split = note.indexOf('\n\n');
  if (split < 0) return undefined;
  try {
    return parseBody(note.slice(0, split + 1));
  } catch {
    return undefined;
  }
}

function parseBody(text: string): Omit<VerifiedNote, 'seq' | 'keyHint' | 'text'> {
  const [origin, size, root, ...rest] = text.slice(0, -1).split('\n');
  const fields = new Map<string, string>();
  for (const line of rest) {
    const at = line.indexOf(' ');
    fields.set(at < 0 ? line : line.slice(0, at), at < 0 ? '' : line.slice(at + 1));
  }
  const need = (name: string) => {
    const value = fields.get(name);
    if (value === undefined) throw new Error(`checkpoint lacks "${name}"`);
    return value;
  };
  const kind = need('kind');
  if (kind !== 'checkpoint' && kind !== 'acknowledgement' && kind !== 'cut') throw new Error(`unknown kind ${kind}`);
  if (!origin || !/^\d+$/.test(size ?? '')) throw new Error('malformed checkpoint header');
  const bytes = (value: string) => Buffer.from(value, 'base64');
  const position = BigInt(size!);
  const heads = { main: bytes(need('main')), access: bytes(need('access')) };
  const rootHash = bytes(root ?? '');
  if (!rootHash.equals(chainRoot(position, heads))) throw new Error('root hash does not match the lane heads');
  const acknowledges = fields.get('acknowledges');
  const reason = fields.get('reason');
  const expired = fields.get('expired');
  return {
    origin,
    kind,
    position,
    heads,
    root: rootHash,
    ...(fields.has('leaf') ? { leaf: bytes(fields.get('leaf')!) } : {}),
    ...headsAt(fields.get('heads-at')),
    format2From: BigInt(need('format2')),
    time: need('time'),
    ...(acknowledges !== undefined
      ? { acknowledgedRows: acknowledges === '' ? [] : acknowledges.split(',').map((p) => BigInt(p)) }
      : {}),
    ...(reason !== undefined ? { reason: bytes(reason).toString('utf8') } : {}),
    ...(fields.has('incident') ? { incident: fields.get('incident')! } : {}),
    ...(expired !== undefined ? { expired: Number(expired) } : {}),
  };
}
