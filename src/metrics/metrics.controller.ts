import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunnerService } from '../projection-runner/projection-runner.service.js';
import { HTTP_METRICS, type HttpMetrics } from './http-metrics.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Prometheus text format for operations (admin): traffic, log head, projection lag, memory. No personal data. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(HTTP_METRICS) private readonly http: HttpMetrics,
    private readonly projections: ProjectionRunnerService,
  ) {}

  @ApiDoc({ de: 'Betriebskennzahlen (Prometheus)', en: 'Metrics (Prometheus)', ok: 'Metrics' })
  @Get(['metrics', 'api/v1/metrics'])
  @Roles('admin')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const head = (await this.eventStore.headPosition()) ?? 0n;
    const memory = process.memoryUsage();
    const lines = [
      ...this.http.lines(),
      '# HELP kim_event_log_head_position Global position of the newest event.',
      '# TYPE kim_event_log_head_position gauge',
      `kim_event_log_head_position ${head}`,
      '# HELP kim_projection_checkpoint_position Last global position applied by a projection.',
      '# TYPE kim_projection_checkpoint_position gauge',
      '# HELP kim_projection_running 1 while the projection runs in this instance.',
      '# TYPE kim_projection_running gauge',
    ];
    for (const status of this.projections.status()) {
      lines.push(`kim_projection_checkpoint_position{projection="${status.name}"} ${status.checkpoint ?? 0}`);
      lines.push(
        `kim_projection_running{projection="${status.name}",state="${status.state}"} ${status.state === 'running' ? 1 : 0}`,
      );
    }
    lines.push(
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
    );
    return `${lines.join('\n')}\n`;
  }
}
