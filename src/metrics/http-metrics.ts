/**
 * Counters of answered requests by method, route pattern and status class, fed by a Fastify onResponse
 * hook. Route patterns, never raw URLs: ids in paths would make unbounded series and leak person ids.
 */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly durations = new Map<string, { sum: number; count: number }>();

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${route}\u0000${Math.floor(status / 100)}xx`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const d = this.durations.get(key) ?? { sum: 0, count: 0 };
    d.sum += seconds;
    d.count += 1;
    this.durations.set(key, d);
  }

  lines(): string[] {
    const out = ['# HELP kim_http_requests_total Answered HTTP requests.', '# TYPE kim_http_requests_total counter'];
    const labels = (key: string) => {
      const [method, route, status] = key.split('\u0000');
      return `method="${method}",route="${route}",status="${status}"`;
    };
    for (const [key, n] of this.counts) out.push(`kim_http_requests_total{${labels(key)}} ${n}`);
    out.push('# HELP kim_http_request_seconds Time to answer.', '# TYPE kim_http_request_seconds summary');
    for (const [key, d] of this.durations) {
      out.push(`kim_http_request_seconds_sum{${labels(key)}} ${d.sum.toFixed(6)}`);
      out.push(`kim_http_request_seconds_count{${labels(key)}} ${d.count}`);
    }
    return out;
  }
}

export const HTTP_METRICS = Symbol('HttpMetrics');
