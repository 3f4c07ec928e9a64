import { loadOrCreateMasterKey } from '../../crypto/master-key.js';
import type { ReadStore } from '../../read-store/read-store.port.js';
import type { Clock } from '../../shared/clock.js';
import { hmacRecordKeys, type RecordKeys } from './record-keys.js';
import { loadOrCreateReportSecret } from './report-secret.js';

export interface CountyKeySource {
  /** Where the person keys live (Stores.keyStore). */
  keyStore: ReadStore;
  /** KIM_MASTER_KEY, or the embedded default's key file in `dataDir`. */
  masterKey?: string;
  dataDir: string;
  clock: Clock;
}

const loaded = new WeakMap<ReadStore, Promise<RecordKeys>>();

/**
 * The county's record keys, loaded once per key store and shared by both report endpoints. A failed
 * load is not remembered: the next report tries again.
 */
export function countyRecordKeys(source: CountyKeySource): Promise<RecordKeys> {
  let keys = loaded.get(source.keyStore);
  if (!keys) {
    keys = (async () => {
      const masterKey = await loadOrCreateMasterKey({ env: source.masterKey, dataDir: source.dataDir });
      return hmacRecordKeys(await loadOrCreateReportSecret(source.keyStore, masterKey, source.clock));
    })();
    keys.catch(() => loaded.delete(source.keyStore));
    loaded.set(source.keyStore, keys);
  }
  return keys;
}
