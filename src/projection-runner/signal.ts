/** A wake-up call between the subscription pump, the batch loop and waiters; notify wakes all current waiters. */
export class Signal {
  private waiting?: { promise: Promise<void>; resolve: () => void };

  wait(): Promise<void> {
    if (!this.waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  notify(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve();
  }
}

/** Sleeps, but wakes early when the signal fires. */
export function sleepOr(ms: number, signal: Signal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), signal.wait()]).finally(() =>
    clearTimeout(timer),
  );
}
