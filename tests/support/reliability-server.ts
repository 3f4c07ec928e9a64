import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateLocalSigningKey, signLocalToken, type LocalSigningKey } from '../../src/auth/local-signing-key.js';
import type { Role } from '../../src/shared/roles.js';

/**
 * The compiled service (dist/src/main.js) as a child process on a real port, so it can be killed with
 * SIGKILL at any moment and started again on the same data folder. `npm test` builds dist/ first.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(root, 'dist/src/main.js');

export function assertDistIsCurrent(): void {
  const stale = 'the spawned server runs dist/: build it with `npx tsc -p tsconfig.build.json`';
  if (!existsSync(MAIN)) throw new Error(stale);
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0,
      ),
    );
  // A source edited after the build would make the child run other code than the one under test.
  if (newest(join(root, 'src')) > statSync(MAIN).mtimeMs + 60_000)
    throw new Error(`dist/ is older than src/: ${stale}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Caller {
  role: Role;
  sub: string;
  agency?: string;
}

export interface HttpAnswer {
  status: number;
  body: any;
}

export class SpawnedServer {
  private child?: ChildProcess;
  private exited?: Promise<NodeJS.Signals | number | null>;
  private output = '';
  private readonly tokens = new Map<string, string>();
  private key?: LocalSigningKey;
  port = 0;

  constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string> = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the process printed (stdout and stderr), for failure messages. */
  get log(): string {
    return this.output;
  }

  async start(): Promise<void> {
    this.key ??= await loadOrCreateLocalSigningKey(this.dataDir);
    this.port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, KIM_DATA_DIR: this.dataDir, PORT: String(this.port), HOST: '127.0.0.1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited at start:\n${this.output}`);
      try {
        const health = await fetch(`${this.baseUrl}/health`);
        if (health.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not become ready in 60 s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: the process dies between any two instructions; nothing of ours runs afterwards. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<NodeJS.Signals | number | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return this.exited ?? null;
    this.child.kill(signal);
    return this.exited!;
  }

  async token(caller: Caller): Promise<string> {
    const id = `${caller.role}/${caller.sub}/${caller.agency ?? 'KI'}`;
    let token = this.tokens.get(id);
    if (!token) {
      token = await signLocalToken(this.key!, { sub: caller.sub, roles: [caller.role], agency: caller.agency ?? 'KI' });
      this.tokens.set(id, token);
    }
    return token;
  }

  /** One request; a refused connection or a reset (the process died) rejects. */
  async request(
    caller: Caller | null,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const response = await fetch(`${this.baseUrl}${path.startsWith('/health') ? path : `/api/v1${path}`}`, {
      method,
      headers: {
        ...(caller ? { authorization: `Bearer ${await this.token(caller)}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }
}
