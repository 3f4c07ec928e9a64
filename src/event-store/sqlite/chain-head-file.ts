import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { ChainHead } from '../hash-chain.js';

let sequence = 0;

/**
 * Replaces the chain head file atomically: write a temp file, fsync it, rename it over the old one. A
 * reader (or a crash) sees the old head or the new one, never a torn file. The temp name carries the pid
 * so processes sharing the store do not clobber each other's temp files. The head can lag behind the
 * database (crash between COMMIT and this write, or two processes racing) but never run ahead of it.
 */
export function writeChainHead(path: string, head: ChainHead): void {
  const temp = `${path}.${process.pid}.${++sequence}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(head)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** The recorded head, or undefined when no file exists yet. */
export function readChainHead(path: string): ChainHead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const head = JSON.parse(text) as Partial<ChainHead>;
  if (typeof head.position !== 'number' || typeof head.hash !== 'string') {
    throw new Error(`chain head file ${path} is malformed`);
  }
  return { position: head.position, hash: head.hash };
}
