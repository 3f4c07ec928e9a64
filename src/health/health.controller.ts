import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunnerService } from '../projection-runner/projection-runner.service.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

class NoAnswer extends Error {}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new NoAnswer(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/**
 * Liveness (the process answers) and readiness (both stores answer); 503 when not ready. Public, so it
 * names which store is down and whether it was slow or failing, never the store's own error text (host
 * names, users, driver internals): that goes to the service log.
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionRunnerService,
  ) {}

  @ApiDoc({ de: 'Lebens- und Bereitschaftszeichen', en: 'Liveness and readiness', ok: 'Health', errors: [503] })
  @Get(['health', 'api/v1/health'])
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const check = async (store: string, ping: () => Promise<void>) => {
      try {
        await within(ping(), 2000);
        return { status: 'up' as const };
      } catch (error) {
        this.logger.warn(`${store} not ready: ${error instanceof Error ? error.message : String(error)}`);
        return {
          status: 'down' as const,
          reason: error instanceof NoAnswer ? ('timeout' as const) : ('error' as const),
        };
      }
    };
    const [eventStore, readStore] = await Promise.all([
      check('event store', () => this.eventStore.ping()),
      check('read store', () => this.readStore.ping()),
    ]);
    const projections = this.projections.status().map(({ name, state }) => ({ name, state }));
    const ready = eventStore.status === 'up' && readStore.status === 'up';
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', live: true, ready, eventStore, readStore, projections };
  }
}
