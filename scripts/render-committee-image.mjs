// Renders the README's committee report image from the demo county (issue 17, item 5): loads the demo
// (`npm run kim -- demo` defaults: seed 42, scale 1) into a fresh data folder, fetches the committee report
// as HTML through the API as the committee does, and screenshots it in headless Chromium.
//
//   npm run build && node scripts/render-committee-image.mjs [--period 2026-Q3] [--seed 42] [--scale 1]
//                                                            [--out docs/images/committee-report.png]
//                                                            [--data-dir D  (kept afterwards, e.g. for `kim report`)]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../dist/src/app.factory.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../dist/src/auth/local-signing-key.js';
import { loadConfig } from '../dist/src/config/config.js';
import { loadDemoCounty } from '../dist/src/demo/demo-loader.js';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const period = option('--period', '2026-Q3');
const seed = Number(option('--seed', '42'));
const scale = Number(option('--scale', '1'));
const out = option('--out', 'docs/images/committee-report.png');

const keep = option('--data-dir', undefined);
const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'kim-image-'));
try {
  const env = { ...process.env, KIM_DATA_DIR: dataDir };
  delete env.OIDC_ISSUER;
  delete env.OIDC_AUDIENCE;
  const summary = await loadDemoCounty({ seed, scale, dataDir });
  console.log(`demo county loaded: seed ${seed}, scale ${scale}, ${summary.from} – ${summary.until}`);
  const app = await createApp(loadConfig(env), { logger: ['error'], docsUi: false });
  let html;
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const token = await signLocalToken(key, { sub: 'ausschuss-01', roles: ['committee'], agency: 'KI' });
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/committee?period=${period}&format=html`,
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.statusCode !== 200) throw new Error(`report answered ${response.statusCode}: ${response.body}`);
    html = response.body;
  } finally {
    await app.close();
  }
  const profile = mkdtempSync(join(tmpdir(), 'kim-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`committee report ${period} of the demo county written to ${out}`);
} finally {
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}
