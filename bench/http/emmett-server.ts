/**
 * The published TypeScript peer on the HTTP path (issue 19): Emmett's CommandHandler over emmett-sqlite
 * behind Fastify, recording a case action with a minimal decider (the case must exist and be open) —
 * read, fold, decide, append with the expected version, as the Emmett samples do. No auth, no validation
 * beyond the decider, no encryption, no access log. Started as a child process; reports its port over IPC.
 */
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const emmett = await import('@event-driven-io/emmett');
const emmettSqlite = await import('@event-driven-io/emmett-sqlite');

type CaseEvent =
  | { type: 'CaseOpened'; data: { caseId: string } }
  | { type: 'CaseActionRecorded'; data: { caseId: string; actionType: string; summary: string } };
type CaseState = { open: boolean };

const store = emmettSqlite.getSQLiteEventStore({
  fileName: join(mkdtempSync(join(tmpdir(), 'kim-emmett-http-')), 'emmett.db'),
  schema: { autoMigration: 'CreateOrUpdate' },
});
const handle = emmett.CommandHandler<CaseState, CaseEvent>({
  evolve: (state, event) => (event.type === 'CaseOpened' ? { open: true } : state),
  initialState: () => ({ open: false }),
});

// emmett-sqlite 0.38.5 shares one connection per store and closes it after every call: concurrent calls
// fail with SQLITE_BUSY (see bench/peers/emmett-store.ts). Commands are queued one after another, as a user
// of the library would have to.
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(call: () => Promise<T>): Promise<T> => {
  const result = queue.then(call);
  queue = result.catch(() => undefined);
  return result;
};

const app = Fastify();
app.post<{ Params: { id: string }; Body: { type: string; summary: string } }>(
  '/api/v1/cases/:id/actions',
  async (request, reply) => {
    const caseId = request.params.id;
    await serial(() =>
      handle(store, `case-${caseId}`, (state) => {
        const recorded: CaseEvent[] = [
          {
            type: 'CaseActionRecorded',
            data: { caseId, actionType: request.body.type, summary: request.body.summary },
          },
        ];
        return state.open ? recorded : [{ type: 'CaseOpened', data: { caseId } }, ...recorded];
      }),
    );
    return reply.code(201).send({ ok: true });
  },
);
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
