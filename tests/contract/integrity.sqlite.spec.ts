import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectThroughPort } from '../../src/audit/integrity/port-chain-keeper.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { integrityContract } from './integrity.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'kim-integrity-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The embedded store through the port only, as if it kept no hashes: what EventStoreDB gets.
integrityContract('SQLite through the port', () =>
  openSqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 50 }),
);

describe('the chain computed over the port', () => {
  it('equals the chain the embedded writer stores, lane by lane', async () => {
    const store = openSqliteEventStore({ path: join(dir, 'same', 'events.db') });
    try {
      for (let i = 0; i < 25; i++) {
        const stream = i % 3 === 0 ? `access-${i}` : i % 5 === 0 ? `security-${i}` : `case-${i % 4}`;
        await store.appendToStream(
          stream,
          [
            {
              id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
              type: 'E',
              data: { i, text: 'Grüße ✓' },
              metadata: {
                schemaVersion: 1,
                commandId: 'c',
                correlationId: 'c',
                causationId: 'c',
                actor: { sub: 's', role: 'caseworker', agency: 'KI' },
                occurredAt: 'x',
              },
            },
          ],
          'any',
        );
      }
      const { walk } = await inspectThroughPort(store, { checkpoints: [], witnessedCut: null });
      const written = store.trustedChainState()!;
      expect(walk.state.position).toBe(written.position);
      expect(walk.state.heads.main.equals(written.heads.main)).toBe(true);
      expect(walk.state.heads.access.equals(written.heads.access)).toBe(true);
      expect(walk.state.leaf!.equals(written.leaf!)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
