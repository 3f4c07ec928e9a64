import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The console's browser files as built by `npm run build` into dist/console (scripts/build-console.mjs:
 * the compiled modules of console/src, console/static, and KERN's CSS and fonts from node_modules).
 * Read once at start into memory (well under 2 MB); only files of the known types are served, by exact
 * path, so nothing outside the folder can be named.
 */
export function loadConsoleAssets(dir = defaultAssetDir()): Map<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  if (!existsSync(dir)) return assets;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (TYPES[extname(name)]) {
        const body = readFileSync(path);
        const key = relative(dir, path).split(sep).join('/');
        assets.set(key, {
          body,
          type: TYPES[extname(name)]!,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        });
      }
    }
  };
  walk(dir);
  return assets;
}

/** dist/console of the project, found from this module both as source (tests) and as compiled code. */
function defaultAssetDir(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return join(folder, 'dist', 'console');
}
