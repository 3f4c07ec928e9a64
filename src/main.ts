import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.factory.js';

async function main() {
  // Whatever the service creates is its own: data files, keys, head files (explicit modes set too).
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kim-ledger: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(
    `kim-ledger listening on http://127.0.0.1:${config.port} (API /api/v1, docs /api/docs, data ${config.dataDir})`,
  );
}

main().catch((error: unknown) => {
  console.error(`kim-ledger: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
