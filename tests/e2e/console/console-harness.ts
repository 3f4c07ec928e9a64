import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../../src/app.factory.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../../src/auth/local-signing-key.js';
import { loadConfig } from '../../../src/config/config.js';
import { issueLoginTicket } from '../../../src/console/login-tickets.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../../src/event-store/event-store.port.js';
import type { Role } from '../../../src/shared/roles.js';
import { PARTICIPATION } from '../../support/builders.js';

export interface Staff {
  sub: string;
  roles: Role[];
  agency?: string;
}

const caseworker: Staff = { sub: 'cw-reg', roles: ['caseworker'] };
const assigned: Staff = { sub: 'cw-assigned', roles: ['caseworker'] };
const lead: Staff = { sub: 'tl-seed', roles: ['team_lead'] };

/** The real application on a loopback socket with embedded stores in a temporary folder. */
export class ConsoleServer {
  private constructor(
    private readonly app: NestFastifyApplication,
    readonly dataDir: string,
    readonly base: string,
    private readonly routes: Set<string>,
  ) {}

  static async start(): Promise<ConsoleServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-console-'));
    const app = await createApp(loadConfig({ KIM_DATA_DIR: dataDir }), { logger: ['error'], docsUi: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) routes.add(routeKey(method, path.replace(/^\/api\/v1/, '')));
    }
    return new ConsoleServer(app, dataDir, base, routes);
  }

  /** Whether the API serves this operation (path as in product.md, parameter names ignored). */
  serves(method: string, path: string): boolean {
    return this.routes.has(routeKey(method, path));
  }

  async loginLink(staff: Staff): Promise<string> {
    const { secret } = await issueLoginTicket(
      this.dataDir,
      { sub: staff.sub, roles: staff.roles, agency: staff.agency ?? 'KI' },
      5 * 60_000,
    );
    return `${this.base}/console/anmelden#ticket=${secret}`;
  }

  async api(
    staff: Staff,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<any> {
    const key = await loadOrCreateLocalSigningKey(this.dataDir);
    const token = await signLocalToken(key, { sub: staff.sub, roles: staff.roles, agency: staff.agency ?? 'KI' });
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }

  async seedPerson(familyName: string): Promise<string> {
    const { personId } = await this.api(caseworker, 'POST', '/persons', {
      givenName: 'Konsole',
      familyName,
      dateOfBirth: '1990-03-04',
      nationality: 'SY',
      municipality: 'Velbert',
      languages: ['ar', 'de'],
      residenceStatus: '§ 25 Abs. 2 AufenthG',
      participation: PARTICIPATION,
    });
    return personId;
  }

  /** A person read by the registering caseworker, then (after assignment) by the assigned one. */
  async seedPersonReadByTwo(): Promise<string> {
    const personId = await this.seedPerson('Protokoll');
    await this.api(caseworker, 'GET', `/persons/${personId}`);
    const { caseId } = await this.api(caseworker, 'POST', '/cases', { personId, municipality: 'Velbert' });
    await this.api(lead, 'PUT', `/staff/${assigned.sub}`, { provider: 'KI', fte: 1, baustein: 2 });
    await this.api(lead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: assigned.sub });
    await this.api(assigned, 'GET', `/persons/${personId}`, undefined, { 'x-purpose': 'benefit-application' });
    return personId;
  }

  /** v2: a statutory transfer to the Ausländerbehörde, which needs a team lead's approval (product.md §3). */
  async requestStatutoryTransfer(personId: string): Promise<{ transferId: string }> {
    return this.api(assigned, 'POST', '/transfers', {
      personId,
      toAgency: 'AUSLAENDERBEHOERDE',
      dataCategories: ['identity', 'residence-status'],
      purpose: 'residence-law-procedure',
      legalBasis: 'sgb10-71-2',
      justification: 'Ersuchen der Ausländerbehörde zur Verlängerung des Aufenthaltstitels',
      request: {
        authority: 'AUSLAENDERBEHOERDE',
        reference: 'ABH-2026-0815',
        receivedOn: new Date().toISOString().slice(0, 10),
      },
      attestations: ['request-within-authority-tasks'],
    });
  }

  async accessEvents(): Promise<RecordedEvent[]> {
    const store = this.app.get<EventStore>(EVENT_STORE);
    return (await store.readAll({})).filter((e) => e.type === 'PersonalDataAccessed');
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

/** Debian's chromium with a fresh profile; records every Content-Security-Policy violation it reports. */
export class ConsoleBrowser {
  readonly cspViolations: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {
    context.on('page', (page) => this.watch(page));
  }

  static async launch(executablePath: string): Promise<ConsoleBrowser> {
    const profile = mkdtempSync(join(tmpdir(), 'kim-console-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      args: [
        '--headless',
        '--lang=de-DE',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new ConsoleBrowser(context, profile);
  }

  /** Opens a one-time login link in a new tab and waits for the overview. */
  async signIn(server: ConsoleServer, staff: Staff): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(await server.loginLink(staff));
    await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    return page;
  }

  private watch(page: Page) {
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.cspViolations.push(message.text());
    });
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
