import type { ReadStore } from '../read-store/read-store.port.js';

/**
 * The version a projection's documents were built with, kept as a checkpoint under a reserved name so
 * every ReadStore adapter can hold it without a schema of its own.
 */
const versionKey = (projection: string) => `${projection}#version`;

export async function storedVersion(store: ReadStore, projection: string): Promise<number | undefined> {
  const v = await store.getCheckpoint(versionKey(projection));
  return v === undefined ? undefined : Number(v);
}

export async function recordVersion(store: ReadStore, projection: string, version: number): Promise<void> {
  // Reset first: checkpoints never move backwards, but a rolled-back deployment may lower the version.
  await store.reset(versionKey(projection), []);
  await store.commit([], {
    projection: versionKey(projection),
    position: BigInt(version),
  });
}

export const leaseName = (projection: string) => `projection:${projection}`;
