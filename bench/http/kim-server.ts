/**
 * The real application (createApp, embedded stores in KIM_DATA_DIR) as a child process of a benchmark,
 * listening on 127.0.0.1 only. Reports its port over IPC; SIGTERM closes it cleanly (stores flushed).
 */
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';

const config = loadConfig(process.env);
const app = await createApp(config, { logger: ['error'], docsUi: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.send!({ port: address.port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
