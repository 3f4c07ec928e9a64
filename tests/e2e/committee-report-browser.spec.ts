import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { DEFAULT_CATALOGUE } from '../../src/config/catalogue.js';
import { buildCommitteeReport } from '../../src/reports/committee-report.builder.js';
import { hmacRecordKeys } from '../../src/reports/disclosure/record-keys.js';
import { parsePeriod } from '../../src/reports/report-period.js';
import { renderHtml } from '../../src/reports/render-html.js';
import { fixedClock } from '../../src/shared/clock.js';
import { projectAll } from '../unit/reports/support/committee-events.js';
import { countyScenario } from '../unit/reports/support/county-scenario.js';
import { memoryReadStore } from '../unit/reports/support/memory-read-store.js';

const CHROMIUM = '/usr/bin/chromium';
/** The few DOM members used inside page.evaluate (the project compiles without the DOM library). */
type Window = { getComputedStyle(element: unknown): { paddingTop: string } };
const ARTIFACTS = join(process.cwd(), 'tests/e2e/artifacts');
// Visible skip, never a silent pass: the test set-up installs Debian's `chromium` package.
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM))
  console.warn(`committee report browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

describeWithChromium('committee report rendered in headless Chromium', () => {
  let browser: BrowserContext;
  let profile: string;
  let html: string;

  beforeAll(async () => {
    const docs = await projectAll(countyScenario());
    const report = await buildCommitteeReport(
      {
        readStore: memoryReadStore(docs),
        catalogue: DEFAULT_CATALOGUE,
        clock: fixedClock('2026-10-05T08:00:00.000Z'),
        recordKeys: hmacRecordKeys(Buffer.alloc(32, 1)),
      },
      parsePeriod('2026-Q3'),
    );
    html = renderHtml(report);
    profile = mkdtempSync(join(tmpdir(), 'kim-chromium-'));
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('draws the three charts with visible bars and lines, and labels them in German', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.setContent(html, { waitUntil: 'load' });
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    for (const key of ['municipalities', 'trend', 'transfers']) {
      const box = await page.locator(`figure[data-chart="${key}"] svg`).boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(80);
    }
    const bars = await page
      .locator('figure[data-chart="municipalities"] rect.bar')
      .evaluateAll((rects) => rects.map((r) => (r as unknown as { getBBox(): { width: number } }).getBBox().width));
    expect(bars.length).toBeGreaterThan(10);
    expect(bars.every((w) => w > 0)).toBe(true);
    expect(await page.locator('figure[data-chart="transfers"] rect.bar').count()).toBeGreaterThan(3);
    const line = await page
      .locator('figure[data-chart="trend"] path.line')
      .first()
      .evaluate((p) => (p as unknown as { getTotalLength(): number }).getTotalLength());
    expect(line).toBeGreaterThan(100);
    await expect(page.locator('h2').allTextContents()).resolves.toContain('2. Fälle nach Kommune');
    await page.screenshot({ path: join(ARTIFACTS, 'committee-report.png'), fullPage: true });
    await page.close();
  });

  it('prints on A4 with the print stylesheet and saves a PDF', async () => {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const padding = await page
      .locator('main.page')
      .evaluate((m) => (globalThis as unknown as Window).getComputedStyle(m).paddingTop);
    expect(padding).toBe('0px');
    const pdf = await page.pdf({
      path: join(ARTIFACTS, 'committee-report.pdf'),
      preferCSSPageSize: true,
      printBackground: true,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 in PDF points is 595 × 842.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    expect(statSync(join(ARTIFACTS, 'committee-report.pdf')).size).toBeGreaterThan(10_000);
    writeFileSync(join(ARTIFACTS, 'committee-report.html'), html);
    await page.close();
  });
});
