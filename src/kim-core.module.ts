import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ACCESS_LOG, AccessLog } from './personal-data/access-log.js';
import { EventCodec } from './event-sourcing/event-codec.js';
import { UPCASTERS } from './event-sourcing/upcasters.js';
import { PERSONAL_DATA_PROTECTOR } from './event-sourcing/personal-data-protector.js';
import type { KimConfig } from './config/config.js';
import { openStores, type Stores } from './config/stores.js';
import {
  createPersonalDataCipher,
  PERSONAL_DATA_CIPHER,
  type PersonalDataCipher,
} from './crypto/personal-data.cipher.js';
import {
  PERSON_KEY_EVICTION,
  PERSON_KEY_ROTATION,
  PersonKeyEviction,
  PersonKeyRotation,
} from './crypto/person-key-maintenance.js';
import { loadOrCreateMasterKey } from './crypto/master-key.js';
import { EVENT_STORE, TAMPER_EVIDENCE } from './event-store/event-store.port.js';
import { READ_STORE } from './read-store/read-store.port.js';
import { systemClock, type Clock } from './shared/clock.js';

export const KIM_CONFIG = Symbol('KimConfig');
export const STORES = Symbol('Stores');
export const EVENT_CODEC = Symbol('EventCodec');
export const CLOCK = Symbol('Clock');

@Injectable()
class StoresLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores) {}
  async onApplicationShutdown() {
    await this.stores.eventStore.close();
    await this.stores.readStore.close();
    if (this.stores.keyStore !== this.stores.readStore) await this.stores.keyStore.close();
    await this.stores.epochStore.close();
  }
}

/**
 * Wires the ports to the adapters chosen by configuration, once, for the whole application:
 * stores, the personal-data cipher, the event codec and the access log.
 */
@Global()
@Module({})
export class KimCoreModule {
  /**
   * `clock`: for tests that need the service's time (store, checkpoints) on a clock they set.
   * `eventClock`: only the time the event store records events at (`recordedAt`, the audit trail's time):
   * the demo loader records its history at the simulated instants, while checkpoints keep the real time.
   */
  static forRoot(config: KimConfig, options: { clock?: Clock; eventClock?: Clock } = {}): DynamicModule {
    const eventClock = options.eventClock ?? options.clock;
    return {
      module: KimCoreModule,
      providers: [
        { provide: KIM_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: STORES, useFactory: () => openStores(config, eventClock ? { clock: eventClock } : {}) },
        { provide: EVENT_STORE, useFactory: (s: Stores) => s.eventStore, inject: [STORES] },
        { provide: READ_STORE, useFactory: (s: Stores) => s.readStore, inject: [STORES] },
        { provide: TAMPER_EVIDENCE, useFactory: (s: Stores) => s.tamperEvidence ?? null, inject: [STORES] },
        {
          provide: PERSONAL_DATA_CIPHER,
          useFactory: async (s: Stores) =>
            createPersonalDataCipher({
              readStore: s.keyStore,
              epochs: s.epochStore,
              epochDays: config.keys.epochDays,
              masterKey: await loadOrCreateMasterKey({ env: config.masterKey, dataDir: config.dataDir }),
            }),
          inject: [STORES],
        },
        {
          provide: PERSON_KEY_EVICTION,
          useFactory: (s: Stores, cipher: PersonalDataCipher) => new PersonKeyEviction(s.eventStore, cipher),
          inject: [STORES, PERSONAL_DATA_CIPHER],
        },
        {
          provide: PERSON_KEY_ROTATION,
          useFactory: (s: Stores, cipher: PersonalDataCipher) =>
            new PersonKeyRotation(cipher, s.keyStore, { holder: config.instanceId }),
          inject: [STORES, PERSONAL_DATA_CIPHER],
        },
        { provide: PERSONAL_DATA_PROTECTOR, useExisting: PERSONAL_DATA_CIPHER },
        {
          provide: EVENT_CODEC,
          useFactory: (p) => new EventCodec(p, UPCASTERS),
          inject: [PERSONAL_DATA_PROTECTOR],
        },
        { provide: ACCESS_LOG, useFactory: (s: Stores) => new AccessLog(s.eventStore), inject: [STORES] },
        StoresLifecycle,
      ],
      exports: [
        KIM_CONFIG,
        CLOCK,
        STORES,
        EVENT_STORE,
        READ_STORE,
        TAMPER_EVIDENCE,
        PERSONAL_DATA_CIPHER,
        PERSONAL_DATA_PROTECTOR,
        EVENT_CODEC,
        ACCESS_LOG,
      ],
    };
  }
}
