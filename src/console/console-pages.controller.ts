import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import type { ConsoleAsset } from './console-assets.js';
import { CONSOLE_SECURITY_HEADERS } from './console-csp.js';
import { CONSOLE_ASSETS } from './console.tokens.js';

/** The console's pages: every path under /console answers the same shell; the browser code routes. */
const PAGE_PATH = /^[a-z0-9-]{1,40}(\/[a-z0-9-]{1,40}){0,3}$/;

/**
 * Serves the console shell and its files, with the console's strict Content-Security-Policy. Public:
 * the shell holds no data; everything shown comes from the API with the session as credential.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsolePagesController {
  constructor(@Inject(CONSOLE_ASSETS) private readonly assets: Map<string, ConsoleAsset>) {}

  @Get()
  shell(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(request, reply, 'index.html', 'no-store');
  }

  @Get('assets/*')
  asset(@Param('*') key: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // Modules import each other by relative path, so they are revalidated rather than cached for long.
    return this.send(request, reply, key, 'no-cache');
  }

  @Get('*')
  page(@Param('*') page: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!PAGE_PATH.test(page)) return this.notFound(reply);
    return this.send(request, reply, 'index.html', 'no-store');
  }

  private send(request: FastifyRequest, reply: FastifyReply, key: string, cacheControl: string) {
    const asset = this.assets.get(key);
    if (!asset) {
      if (key === 'index.html') {
        return reply
          .status(503)
          .headers(CONSOLE_SECURITY_HEADERS)
          .type('text/plain; charset=utf-8')
          .send('Die Konsole ist nicht gebaut: bitte `npm run build` ausführen.');
      }
      return this.notFound(reply);
    }
    void reply.headers(CONSOLE_SECURITY_HEADERS).header('cache-control', cacheControl).header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.type(asset.type).send(asset.body);
  }

  private notFound(reply: FastifyReply) {
    return reply
      .status(404)
      .headers(CONSOLE_SECURITY_HEADERS)
      .type('application/json; charset=utf-8')
      .send({ statusCode: 404, error: 'Not Found', message: 'no such console page or file' });
  }
}
