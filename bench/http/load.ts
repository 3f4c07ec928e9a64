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
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}
