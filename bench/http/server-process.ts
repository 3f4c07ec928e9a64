import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  port: number;
  pid: number;
  /** Peak RSS of the server process in MB, sampled from /proc while it runs. */
  peakRssMb(): number;
  /** CPU seconds (user + system, all threads) the server process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Linux reports utime and stime in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Forks `script` (a sibling module in dist/bench/http) and waits until it reports its port. */
export function startServer(
  script: 'empty-server.js' | 'kim-server.js' | 'floor-server.js' | 'emmett-server.js',
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    env: { ...process.env, ...env },
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers of a run.
    ...(process.env.BENCH_SERVER_NODE_ARGS ? { execArgv: process.env.BENCH_SERVER_NODE_ARGS.split(' ') } : {}),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)));
    child.once('message', (message) => {
      clearTimeout(timeout);
      const pid = child.pid!;
      let peak = rssMb(pid);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
      resolve({
        port: (message as { port: number }).port,
        pid,
        peakRssMb: () => Math.max(peak, rssMb(pid)),
        cpuSeconds: () => cpuSeconds(pid),
        stop: () =>
          new Promise<void>((done) => {
            clearInterval(sampler);
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
  });
}
