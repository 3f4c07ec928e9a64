import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner only: the data folder holds personal data (encrypted), keys and the audit log. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Narrows a file or folder we own to `mode` if it grants anything to group or others — also one that an
 * earlier version created 0644/0755. Someone else's file is left alone (e.g. a folder mounted by root).
 */
function tighten(path: string, mode: number): void {
  const stat = statSync(path);
  if ((stat.mode & 0o077) === 0) return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  chmodSync(path, mode);
}

/** Creates the folder (and missing parents) owner-only, and narrows it if it exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/**
 * Prepares an SQLite database file before SQLite opens it: its folder owner-only, the file created 0600
 * if missing. SQLite's unix VFS gives the `-wal` and `-shm` files the permissions of the database file
 * (os_unix.c, findCreateFileMode: "the WAL and SHM files … the same permissions as the database"), so
 * they are 0600 too; existing ones of an earlier, looser start are narrowed here.
 */
export function preparePrivateDatabaseFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  ensurePrivateDir(dirname(path));
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) tighten(file, PRIVATE_FILE_MODE);
}

/** Narrows an existing file (key files, head files written before this version) to owner only. */
export function tightenPrivateFile(path: string): void {
  if (existsSync(path)) tighten(path, PRIVATE_FILE_MODE);
}
