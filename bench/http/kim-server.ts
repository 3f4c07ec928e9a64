/**
 * The real application (createApp, embedded stores in KIM_DATA_DIR) as a child process of a benchmark,
 * listening on 127.0.0.1 only. Reports its port over IPC; SIGTERM closes it cleanly (stores flushed).
 * With BENCH_LOOP_DELAY=1 it prints how long its event loop was blocked (perf_hooks histogram) on exit.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';

const config = loadConfig(process.env);
const app = await createApp(config, { logger: ['error'], docsUi: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
const loop = process.env.BENCH_LOOP_DELAY ? monitorEventLoopDelay({ resolution: 5 }) : undefined;
loop?.enable();
process.send!({ port: address.port });
process.on('SIGTERM', () => {
  if (loop) {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    process.stderr.write(
      `event-loop delay: p50 ${ms(loop.percentile(50))} ms, p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms\n`,
    );
  }
  void app.close().then(() => process.exit(0));
});
