import autocannon from 'autocannon';

export interface LoadResult {
  /** 2xx responses per second. */
  okPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  /** Picks path, headers and body of each request (e.g. a random case and its caseworker's token). */
  request: () => { path: string; headers?: Record<string, string>; body?: string };
}

/** A closed-loop autocannon run on loopback, bounded in time. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: options.method,
        setupRequest: (req: any) => {
          const r = options.request();
          return {
            ...req,
            path: r.path,
            headers: { ...req.headers, ...r.headers },
            ...(r.body !== undefined ? { body: r.body } : {}),
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    okPerSecond: ok / result.duration,
    // No answer inside the window: there is no latency to report (autocannon would say 0).
    p99Ms: ok + result.non2xx > 0 ? result.latency.p99 : NaN,
    p50Ms: ok + result.non2xx > 0 ? result.latency.p50 : NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/**
 * Waits until the server answers GET /health within `fastMs` (a previous run's backlog is drained), or
 * `maxMs` have passed; returns how long that took, so a run that starts on a busy server can be noted.
 */
export async function settle(base: string, fastMs = 100, maxMs = 60_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    const t0 = Date.now();
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (Date.now() - t0 <= fastMs) return Date.now() - start;
    } catch {
      // not answering yet: keep waiting
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Date.now() - start;
}
