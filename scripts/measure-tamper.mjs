#!/usr/bin/env node
// Detection of truncation, rewrite, forgery and fork on copies of a demo store (issue 13), each attack
// followed by nothing, by one unauthenticated request through the reopened service (the request that used
// to seal the change), or by 20 appends of a writer that trusts the database. Prints one line per trial.
//
//   npm run build && KIM_DATA_DIR=/tmp/m/demo KIM_WITNESS_DIR=/tmp/m/witness KIM_CHECKPOINT_KEY_FILE=/tmp/m/k \
//     npm run kim -- demo --scale 0.1
//   node scripts/measure-tamper.mjs /tmp/m [build-root, default .]
//
// With an older build as second argument (one without witnessed checkpoints) the same trials show what
// that build reported. The copies share the demo's witness folder and log name, as a restored or tampered
// data folder would.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const measure = resolve(process.argv[2] ?? '/tmp/kim-measure');
const build = resolve(process.argv[3] ?? '.');
const dist = (p) => join(build, 'dist/src', p);
const { createApp } = await import(dist('app.factory.js'));
const { loadConfig } = await import(dist('config/config.js'));
const { loadOrCreateLocalSigningKey, signLocalToken } = await import(dist('auth/local-signing-key.js'));
const { openSqliteEventStore } = await import(dist('event-store/sqlite/sqlite-event-store.js'));
const chain = await import(dist('event-store/hash-chain.js'));
const witnessed = existsSync(dist('audit/integrity/ledger-integrity.js'));

const demo = join(measure, 'demo');
const origin = `kim-ledger:sqlite:${demo}`;

/** The attacker's re-hash: both formats, both lanes (format 1 only on an old build). */
function rehash(db, from) {
  const boundary = Number(
    db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'chain_meta'").pluck().get()
      ? (db.prepare("SELECT value FROM chain_meta WHERE key = 'format2_from'").pluck().get() ?? 1)
      : Number.MAX_SAFE_INTEGER,
  );
  const rows = db
    .prepare(
      'SELECT e.position, CAST(s.name AS BLOB) AS stream, e.revision, CAST(e.type AS BLOB) AS type, CAST(e.id AS BLOB) AS id, ' +
        'CAST(e.data AS BLOB) AS data, CAST(e.metadata AS BLOB) AS metadata, CAST(e.recorded_at AS BLOB) AS recordedAt ' +
        'FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY e.position',
    )
    .all();
  const update = db.prepare('UPDATE events SET hash = ? WHERE position = ?');
  let v1 = chain.GENESIS_HASH;
  let lanes;
  db.transaction(() => {
    for (const row of rows) {
      let hash;
      if (row.position < boundary) hash = v1 = chain.chainHash(v1, row);
      else {
        lanes ??= { main: v1, access: v1 };
        const lane = chain.laneOfBytes(row.stream);
        hash = lanes[lane] = chain.laneHash(lanes[lane], lane, chain.leafHash(row));
      }
      if (row.position >= from) update.run(hash, row.position);
    }
  })();
}

const count = (db) => db.prepare('SELECT count(*) FROM events').pluck().get();
const positionOf = (db, type, nth = 0.5) => {
  const all = db.prepare('SELECT position FROM events WHERE type = ? ORDER BY position').pluck().all(type);
  return all[Math.floor(all.length * nth)];
};

const ATTACKS = {
  'truncate: newest 50 events cut off': (db) => db.prepare('DELETE FROM events WHERE position > ?').run(count(db) - 50),
  'rewrite: a transfer’s recipient changed, hashes recomputed': (db) => {
    const p = positionOf(db, 'DataTransferred');
    db.prepare(`UPDATE events SET data = json_set(data, '$.toAgency', 'AUSLAENDERBEHOERDE') WHERE position = ?`).run(p);
    rehash(db, p);
  },
  'forgery: a consent for health data to the Ausländerbehörde, hashes recomputed': (db) => {
    const p = positionOf(db, 'ConsentGranted', 0.8);
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.recipients', json('["AUSLAENDERBEHOERDE"]'), '$.dataCategories', json('["health","identity"]')) WHERE position = ?`,
    ).run(p);
    rehash(db, p);
  },
  'fork: the store as it stood 1000 events ago, written on by 1100 appends': async (db, dir) => {
    db.prepare('DELETE FROM events WHERE position > ?').run(count(db) - 1000);
    db.close();
    await trustingAppends(dir, 1100);
  },
};

async function trustingAppends(dir, n) {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  for (let i = 0; i < n; i++) {
    await store.appendToStream(
      `case-${randomUUID()}`,
      [
        {
          id: randomUUID(),
          type: 'CaseOpened',
          data: { forged: true },
          metadata: {
            schemaVersion: 1,
            commandId: randomUUID(),
            correlationId: randomUUID(),
            causationId: randomUUID(),
            actor: { sub: 'x', role: 'caseworker', agency: 'KI' },
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      'any',
    );
  }
  await store.close();
}

const LATER = ['nothing', 'one unauthenticated request', '20 appends of a writer trusting the database'];

async function trial(attack, later) {
  const root = mkdtempSync(join(tmpdir(), 'kim-measure-'));
  const dir = join(root, 'data');
  cpSync(demo, dir, { recursive: true });
  if (existsSync(join(measure, 'witness')))
    cpSync(join(measure, 'witness'), join(root, 'witness'), { recursive: true });
  const db = new Database(join(dir, 'events.db'));
  await ATTACKS[attack](db, dir);
  if (db.open) db.close();
  if (later === LATER[2]) await trustingAppends(dir, 20);
  const env = {
    ...process.env,
    KIM_DATA_DIR: dir,
    KIM_WITNESS_DIR: join(root, 'witness'),
    KIM_CHECKPOINT_KEY_FILE: join(measure, 'keys/checkpoint.key'),
    KIM_LOG_NAME: origin,
    KIM_ACCESS_LOG_EXPIRY: 'off',
  };
  const app = await createApp(loadConfig(env), { logger: false, docsUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const key = await loadOrCreateLocalSigningKey(dir);
  const token = async (role, sub) => `Bearer ${await signLocalToken(key, { sub, roles: [role], agency: 'KI' })}`;
  const dpo = await token('dpo', 'dpo-measure');
  const verify = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { authorization: dpo } })).json();
  const before = new Database(join(dir, 'events.db'), { readonly: true });
  const eventsBefore = count(before);
  before.close();
  const onReopening = await verify();
  let unauthenticated = '';
  if (later === LATER[1]) {
    const r = await app.inject({ method: 'GET', url: '/api/v1/persons/00000000-0000-4000-8000-000000000001' });
    unauthenticated = ` 401-request→${r.statusCode}`;
  }
  const write = await app.inject({
    method: 'POST',
    url: '/api/v1/persons',
    headers: { authorization: await token('caseworker', 'cw-measure'), 'content-type': 'application/json' },
    payload: JSON.stringify({
      givenName: 'Mess',
      familyName: 'Punkt',
      dateOfBirth: '1990-01-01',
      nationality: 'DE',
      municipality: 'Haan',
      languages: ['de'],
      residenceStatus: 'deutsch',
      participation: {
        basis: 'public-task-kim',
        justification: 'Messung: Schreibversuch nach einem Eingriff in den Ereignisspeicher',
      },
    }),
  });
  const afterWrites = await verify();
  await app.close();
  const after = new Database(join(dir, 'events.db'), { readonly: true });
  const recorded = count(after) - eventsBefore;
  after.close();
  rmSync(root, { recursive: true, force: true });
  const verdict = (v) =>
    v.ok
      ? 'NOT DETECTED'
      : `detected at ${v.firstBadEvent?.position}${v.checkpoint ? ` (last good checkpoint ${v.checkpoint.position})` : ''}`;
  return {
    detectedBefore: !onReopening.ok,
    detectedAfter: !afterWrites.ok,
    line: `${attack} | then ${later}: on reopening ${verdict(onReopening)}; after it${unauthenticated} and POST /persons→${write.statusCode}: ${verdict(afterWrites)}; events recorded after reopening: ${recorded}${
      afterWrites.ok ? '' : ` | ${String(afterWrites.firstBadEvent?.reason).slice(0, 100)}`
    }`,
  };
}

console.log(`build ${build} (${witnessed ? 'witnessed checkpoints' : 'chain-head file only'}), demo store ${demo}`);
const tally = { before: 0, after: 0, trials: 0 };
for (const attack of Object.keys(ATTACKS)) {
  for (const later of LATER) {
    const result = await trial(attack, later);
    tally.trials += 1;
    tally.before += result.detectedBefore ? 1 : 0;
    tally.after += result.detectedAfter ? 1 : 0;
    console.log(result.line);
  }
}
console.log(
  `detected on reopening ${tally.before} of ${tally.trials}; after the later request and one command ${tally.after} of ${tally.trials}`,
);
