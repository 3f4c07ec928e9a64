import { format } from 'node:util';

export interface CapturedOutput {
  /** Everything written since the capture started, in order. */
  text(): string;
  lines(): number;
  stop(): void;
}

/**
 * Records everything written to stdout, stderr and the console while active (Nest's logger writes to
 * the streams, other code to the console), so a test can search what the service logged. Nothing
 * reaches the terminal meanwhile unless `echo` is set (jest in band prints the console through the
 * streams too), as a service logging at every level would bury the test report.
 */
export function captureOutput(options: { echo?: boolean } = {}): CapturedOutput {
  const chunks: string[] = [];
  const restore: (() => void)[] = [];
  // Jest's console may write through the streams: a line is recorded once, where it was logged.
  let inConsole = false;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]) {
      if (!inConsole) chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      if (options.echo) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    } as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      chunks.push(`${format(...args)}\n`);
      inConsole = true;
      try {
        original.apply(console, args);
      } finally {
        inConsole = false;
      }
    };
    restore.push(() => (console[method] = original));
  }
  const text = () => chunks.join('');
  return {
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '').length,
    stop: () => restore.forEach((undo) => undo()),
  };
}
