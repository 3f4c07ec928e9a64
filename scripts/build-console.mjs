// Assembles dist/console for the API to serve at /console (src/console/console-assets.ts): the static
// shell and styles from console/static, and KERN UX's CSS and the Fira Sans fonts it names, from the
// installed @kern-ux/native (no CDN). The browser modules are compiled there by `tsc -p console`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'console');
const kern = join(dirname(createRequire(import.meta.url).resolve('@kern-ux/native/package.json')), 'dist');

mkdirSync(join(out, 'kern', 'fonts', 'fira-sans'), { recursive: true });
for (const name of readdirSync(join(root, 'console', 'static'))) {
  copyFileSync(join(root, 'console', 'static', name), join(out, name));
}
copyFileSync(join(kern, 'kern.min.css'), join(out, 'kern', 'kern.min.css'));
copyFileSync(join(kern, 'fonts', 'fira-sans.css'), join(out, 'kern', 'fonts', 'fira-sans.css'));
// Only the weights the font CSS names (10 of the 32 files in the package).
const fonts = [
  ...readFileSync(join(kern, 'fonts', 'fira-sans.css'), 'utf8').matchAll(/url\("\.\/fira-sans\/([^"]+)"\)/g),
];
for (const [, file] of fonts) {
  copyFileSync(join(kern, 'fonts', 'fira-sans', file), join(out, 'kern', 'fonts', 'fira-sans', file));
}
