#!/usr/bin/env node
// Builds dist/ only when a source is newer than the last build, so `npm start`, `npm run token` and
// `npm run kim` answer at once on a built checkout (the build itself runs at `npm install`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
const inputs = [
  'src',
  'projections',
  'console',
  'scripts/build-console.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...inputs.map((p) => newest(join(root, p))));
if (changed > built) {
  process.stderr.write('building (sources changed since the last build)…\n');
  // The whole build (API, console assets) writes the stamp when it is done.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}
