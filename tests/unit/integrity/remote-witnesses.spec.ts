import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWitness, StdoutWitness } from '../../../src/audit/integrity/remote-witnesses.js';
import { WitnessSet, type Witness } from '../../../src/audit/integrity/witness.js';

/** The collector protocol of docs/tamper-evidence.md, as small as it gets. */
function collector(token: string) {
  const logs = new Map<string, string[]>();
  const server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401).end();
    const log = decodeURIComponent(request.url!.slice(1));
    if (request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        logs.set(log, [...(logs.get(log) ?? []), body]);
        response.writeHead(201).end();
      });
      return;
    }
    const notes = logs.get(log);
    if (!notes) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ notes }));
  });
  return { server, logs };
}

describe('the HTTP checkpoint collector', () => {
  const { server } = collector('s3cret');
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notes/`;
  });
  afterAll(() => new Promise<void>((resolve) => (server as Server).close(() => resolve())));

  it('stores notes per log and gives them back in order', async () => {
    const witness = new HttpWitness(url, 's3cret');
    expect(await witness.read('kim-ledger:esdb:a')).toEqual([]);
    await witness.publish('kim-ledger:esdb:a', 'one\n\nsig\n');
    await witness.publish('kim-ledger:esdb:a', 'two\n\nsig\n');
    expect(await witness.read('kim-ledger:esdb:a')).toEqual([
      { seq: 0, note: 'one\n\nsig\n' },
      { seq: 1, note: 'two\n\nsig\n' },
    ]);
    expect((await witness.latest('kim-ledger:esdb:a'))?.note).toBe('two\n\nsig\n');
  });

  it('fails a publish the collector refused', async () => {
    await expect(new HttpWitness(url, 'wrong').publish('x', 'n')).rejects.toThrow(/401/);
  });
});

describe('a set of witnesses', () => {
  it('needs a readable one, copies to write-only ones, and fails only when a readable one fails', async () => {
    const lines: string[] = [];
    expect(() => new WitnessSet([new StdoutWitness((l) => lines.push(l))])).toThrow(/readable/);
    const stored: string[] = [];
    const readable: Witness = {
      describe: 'memory',
      publish: async (_log, note) => void stored.push(note),
      read: async () => stored.map((note, seq) => ({ seq, note })),
      latest: async () => undefined,
    };
    const broken: Witness = { describe: 'broken copy', publish: async () => Promise.reject(new Error('down')) };
    const warnings: string[] = [];
    const set = new WitnessSet([readable, new StdoutWitness((l) => lines.push(l)), broken], (w) => warnings.push(w));
    await set.publish('log', 'note');
    expect(stored).toEqual(['note']);
    expect(JSON.parse(lines[0]!)).toEqual({ kimCheckpoint: { log: 'log', note: 'note' } });
    expect(warnings).toEqual([expect.stringMatching(/broken copy: Error: down/)]);
    const failing = new WitnessSet([{ ...readable, publish: async () => Promise.reject(new Error('disk full')) }]);
    await expect(failing.publish('log', 'note')).rejects.toThrow(/disk full/);
  });
});
