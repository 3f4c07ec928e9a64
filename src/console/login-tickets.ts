import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionUser } from './console-sessions.js';

/**
 * One-time login links of the embedded default (`npm run kim -- console-login`). The CLI writes a
 * ticket file named by the SHA-256 of a random secret into the data folder; the link carries the secret
 * in its fragment (never sent to a server, never in a log or a Referer). Redeeming deletes the file:
 * unlink succeeds exactly once, so a ticket works once even with two tabs or two processes racing.
 */
export const LOGIN_TICKET_DIR = 'console-login';

interface TicketFile {
  user: SessionUser;
  expiresAt: number;
}

const fileName = (secret: string) => `${createHash('sha256').update(secret).digest('hex')}.json`;

export async function issueLoginTicket(
  dataDir: string,
  user: SessionUser,
  validForMs: number,
  now = Date.now(),
): Promise<{ secret: string; expiresAt: number }> {
  const dir = join(dataDir, LOGIN_TICKET_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeExpired(dir, now);
  const secret = randomBytes(32).toString('base64url');
  const ticket: TicketFile = { user, expiresAt: now + validForMs };
  const handle = await open(join(dir, fileName(secret)), 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(ticket), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { secret, expiresAt: ticket.expiresAt };
}

/** The ticket's user, once; undefined for an unknown, used or expired secret. */
export async function redeemLoginTicket(
  dataDir: string,
  secret: string,
  now = Date.now(),
): Promise<SessionUser | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const path = join(dataDir, LOGIN_TICKET_DIR, fileName(secret));
  let ticket: TicketFile;
  try {
    ticket = JSON.parse(await readFile(path, 'utf8')) as TicketFile;
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return now < ticket.expiresAt ? ticket.user : undefined;
}

async function removeExpired(dir: string, now: number) {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const path = join(dir, name);
      const { expiresAt } = JSON.parse(await readFile(path, 'utf8')) as TicketFile;
      if (!(now < expiresAt)) await unlink(path);
    } catch {
      // a ticket redeemed meanwhile, or one a concurrent CLI is still writing: leave it
    }
  }
}
