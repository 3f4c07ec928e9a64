/**
 * Commands on the same stream within one process wait for each other instead of racing to a
 * ConcurrencyError: a hundred assignments to one caseworker are decided one after the other here.
 * Across processes the expected revision still decides, and the loser retries.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withStreamLock<T>(streamName: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(streamName) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(streamName, tail);
  try {
    return await run;
  } finally {
    if (tails.get(streamName) === tail) tails.delete(streamName);
  }
}
