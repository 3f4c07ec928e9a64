import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunnerService } from '../projection-runner/projection-runner.service.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Liveness (the process answers) and readiness (both stores answer); 503 when not ready. */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionRunnerService,
  ) {}

  @ApiDoc({ de: 'Lebens- und Bereitschaftszeichen', en: 'Liveness and readiness', ok: 'Health', errors: [503] })
  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const check = async (ping: () => Promise<void>) => {
      try {
        await within(ping(), 2000);
        return { status: 'up' as const };
      } catch (error) {
        return { status: 'down' as const, error: error instanceof Error ? error.message : String(error) };
      }
    };
    const [eventStore, readStore] = await Promise.all([check(() => this.eventStore.ping()), check(() => this.readStore.ping())]);
    const projections = this.projections.status().map(({ name, state }) => ({ name, state }));
    const ready = eventStore.status === 'up' && readStore.status === 'up';
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', live: true, ready, eventStore, readStore, projections };
  }
}
