import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Witness, WitnessEntry } from './witness.js';

const TAIL_BYTES = 64 * 1024;

/** A directory per log: readable to humans, unique per origin. */
export function logFolderName(log: string): string {
  const tail =
    log
      .split(/[/:\\]/)
      .filter(Boolean)
      .at(-1) ?? 'log';
  const safe = tail.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  return `${safe}-${createHash('sha256').update(log).digest('hex').slice(0, 12)}`;
}

/**
 * The default witness: a directory outside the data folder (KIM_WITNESS_DIR, default ./witness), ideally
 * on another disk, a mounted share or a path only the service's user may append to. One JSON line per note
 * in `<dir>/<log>/checkpoints.jsonl`; each line is one write() with O_APPEND, so processes sharing a log
 * never interleave, and it is fsynced before publish resolves.
 */
export class DirectoryWitness implements Witness {
  constructor(private readonly dir: string) {}

  get describe(): string {
    return `directory ${this.dir}`;
  }

  folder(log: string): string {
    return join(this.dir, logFolderName(log));
  }

  private file(log: string): string {
    return join(this.folder(log), 'checkpoints.jsonl');
  }

  async publish(log: string, note: string): Promise<void> {
    const folder = this.folder(log);
    if (!existsSync(folder)) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writeFileSync(join(folder, 'log.txt'), `${log}\n`, { mode: 0o600 });
    }
    const file = await open(this.file(log), 'a', 0o600);
    try {
      await file.write(`${JSON.stringify({ note })}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async read(log: string): Promise<WitnessEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file(log), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: WitnessEntry[] = [];
    for (const line of text.split('\n')) {
      const note = parseLine(line);
      // A torn last line (power cut during the write) is skipped; every complete line counts.
      if (note !== undefined) entries.push({ seq: entries.length, note });
    }
    return entries;
  }

  async latest(log: string): Promise<WitnessEntry | undefined> {
    let file;
    try {
      file = await open(this.file(log), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await file.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= (size > length ? 1 : 0); i--) {
        const note = parseLine(lines[i]!);
        if (note !== undefined) return { seq: -1, note };
      }
    } finally {
      await file.close();
    }
    // Lines longer than the tail: read everything.
    return (await this.read(log)).at(-1);
  }
}

function parseLine(line: string): string | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(line) as { note?: unknown };
    return typeof parsed.note === 'string' ? parsed.note : undefined;
  } catch {
    return undefined;
  }
}
