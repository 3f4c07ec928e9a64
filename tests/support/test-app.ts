import type { LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { DirectoryWitness } from '../../src/audit/integrity/directory-witness.js';
import { logOrigin } from '../../src/audit/integrity/integrity-setup.js';
import type { Clock } from '../../src/shared/clock.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/auth/local-signing-key.js';
import { loadConfig, type KimConfig } from '../../src/config/config.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Role } from '../../src/shared/roles.js';

export interface Caller {
  role: Role;
  sub: string;
  agency?: string;
}

export interface TestResponse {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  text: string;
}

/**
 * The real application on real embedded stores in a temporary data folder, driven over HTTP
 * (Fastify's inject: the full request pipeline, without a socket).
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataDir: string,
    readonly config: KimConfig,
  ) {}

  /**
   * `logger` picks the log levels (default: errors only, to keep test output quiet); `dataDir` reopens a
   * data folder (default: a new one); `clock` drives the service's time (stores, checkpoints).
   * Checkpoints go to the default witness (./witness, one folder per data folder, removed by `stop`), as
   * for a `kim` command started on the same folder.
   */
  static async start(
    env: Record<string, string> = {},
    options: { logger?: LogLevel[]; dataDir?: string; clock?: Clock } = {},
  ): Promise<TestApp> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    const config = loadConfig({ KIM_DATA_DIR: dataDir, ...env });
    const app = await createApp(config, {
      logger: options.logger ?? ['error'],
      docsUi: false,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestApp(app, dataDir, config);
  }

  async token(caller: Caller): Promise<string> {
    const key = await loadOrCreateLocalSigningKey(this.dataDir);
    return signLocalToken(key, { sub: caller.sub, roles: [caller.role], agency: caller.agency ?? 'KI' });
  }

  async request(
    caller: Caller | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const auth = caller ? { authorization: `Bearer ${await this.token(caller)}` } : {};
    const response = await this.app.inject({
      method,
      url: url.startsWith('/health') ? url : `/api/v1${url}`,
      headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
    let parsed: unknown;
    try {
      parsed = response.json();
    } catch {
      // not JSON (CSV, HTML, empty): the text is there
    }
    return { status: response.statusCode, body: parsed, headers: response.headers, text: response.body };
  }

  /** Puts case managers into the staff register (PUT /staff/{id}), as a team lead does before assigning. */
  async registerStaff(
    caseworkerIds: readonly string[],
    profile: { fte?: number; provider?: string } = {},
  ): Promise<void> {
    const teamLead: Caller = { role: 'team_lead', sub: 'tl-staff' };
    for (const id of caseworkerIds) {
      const body = { provider: profile.provider ?? 'KI', fte: profile.fte ?? 1, baustein: 2 };
      const response = await this.request(teamLead, 'PUT', `/staff/${id}`, body);
      if (response.status !== 200) throw new Error(`staff ${id}: ${response.status} ${response.text}`);
    }
  }

  get eventStore(): EventStore {
    return this.app.get(EVENT_STORE);
  }

  async allEvents(): Promise<RecordedEvent[]> {
    return this.eventStore.readAll({});
  }

  /** The witness folder of this app's log. */
  get witnessFolder(): string {
    return new DirectoryWitness(this.config.integrity.witnessDir).folder(logOrigin(this.config));
  }

  /** `keepData`: close only, so the folder can be tampered with and reopened. */
  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (options.keepData) return;
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.witnessFolder, { recursive: true, force: true });
  }
}
