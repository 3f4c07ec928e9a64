import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** The PID namespace of this process (Linux), so a pid is only compared with pids of the same namespace. */
function pidNamespace(): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * A unique lease holder id per process, readable in the leases table by an operator:
 * `host:pid-namespace:pid:random`.
 */
export const processHolderId = () =>
  [hostname(), pidNamespace() ?? 'unknown', process.pid, randomBytes(3).toString('hex')].join(':');

/**
 * True only for the holder id of a process of this host and PID namespace that has ended (e.g. killed and
 * restarted by its supervisor): its leases may be taken over at once instead of after their expiry. Any
 * doubt — another host or container, an unreadable id, a pid that is taken again — answers false, and
 * the lease is then left to expire as before.
 */
export function isEndedLocalHolder(holder: string): boolean {
  const [host, namespace, pid] = holder.split(':');
  const own = pidNamespace();
  if (host !== hostname() || own === undefined || namespace !== own || !/^\d+$/.test(pid ?? '')) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
}
