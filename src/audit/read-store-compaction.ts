import type { ReadStore } from '../read-store/read-store.port.js';

/**
 * The ReadStore port has no compaction yet. The embedded SQLite adapter offers `checkpointWal()` (and may
 * later offer the port's optional `compact()`): after a key is shredded, the WAL is folded into the main
 * file and truncated, so no page that still held the wrapped key survives in `read.db-wal`. With
 * `secure_delete` on, the freed page in the main file is zeroed by that checkpoint. MongoDB needs nothing
 * here (its storage engine is not a file we hand out). Returns whether a compaction ran.
 */
export async function compactReadStore(store: ReadStore): Promise<boolean> {
  const adapter = store as ReadStore & { compact?: () => Promise<void>; checkpointWal?: () => Promise<void> };
  if (typeof adapter.compact === 'function') {
    await adapter.compact();
    return true;
  }
  if (typeof adapter.checkpointWal === 'function') {
    await adapter.checkpointWal();
    return true;
  }
  return false;
}
