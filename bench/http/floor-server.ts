/**
 * "floor" and "floorN" of issue 19: the least a durable command endpoint can do on this stack — NestJS on
 * Fastify, the ValidationPipe on the real RecordActionDto, and one better-sqlite3 INSERT per request
 * (synchronous=FULL: one fsync per request; FLOOR_SYNC=NORMAL: floorN, no fsync per commit). No token, no
 * need to know, no decision, no encryption, no access log, no projection. A calibration row, measured in
 * the same run as B7. Started as a child process; reports its port over IPC.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { Body, Controller, HttpCode, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordActionDto } from '../../src/case-management/case.dtos.js';

const db = new Database(join(mkdtempSync(join(tmpdir(), 'kim-floor-')), 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${process.env.FLOOR_SYNC === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
db.exec('CREATE TABLE actions (id INTEGER PRIMARY KEY, case_id TEXT NOT NULL, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO actions (case_id, body) VALUES (?, ?)');

@Controller()
class FloorController {
  @Post('api/v1/cases/:id/actions')
  @HttpCode(201)
  record(@Param('id') caseId: string, @Body() body: RecordActionDto) {
    const { lastInsertRowid } = insert.run(caseId, JSON.stringify(body));
    return { actionId: String(lastInsertRowid) };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), { logger: ['error'] });
app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
await app.listen(0, '127.0.0.1');
process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
process.on('SIGTERM', () => void app.close().then(() => (db.close(), process.exit(0))));
