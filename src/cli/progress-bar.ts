/**
 * A plain terminal progress bar for long operations (rebuild, verify, demo). On a TTY it redraws one
 * line; elsewhere (CI logs) it prints a line per 10 %.
 */
export interface Progress {
  update(done: number, total?: number): void;
  finish(message?: string): void;
}

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastDecile = -1;
  let total = 0;
  const render = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    const text = `${label} [${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '.')}] ${(fraction * 100).toFixed(0).padStart(3)} % ${done}/${total} (${Math.round(rate)}/s)`;
    if (out.isTTY) out.write(`\r${text}`);
    else {
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        out.write(`${text}\n`);
      }
    }
  };
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      render(done);
    },
    finish(message) {
      if (out.isTTY) out.write('\n');
      if (message) out.write(`${message}\n`);
    },
  };
}
