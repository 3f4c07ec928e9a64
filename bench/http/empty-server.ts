/**
 * H: the ceiling of the HTTP stack — an empty NestJS POST endpoint on the Fastify adapter, no guard, no
 * validation, no store. Started as a child process by the B7 benchmark; reports its port over IPC.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class EmptyController {
  @Post('empty')
  @HttpCode(201)
  accept(@Body() _body: unknown) {
    return { ok: true };
  }
}

@Module({ controllers: [EmptyController] })
class EmptyModule {}

const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: ['error'] });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.send!({ port: address.port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
