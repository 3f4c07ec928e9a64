import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { ConsoleBrowser, ConsoleServer, type Staff } from './console-harness.js';

/**
 * Every page of every console role, opened in a real browser against the real API (issue #18, item 3:
 * "build on the APIs the other issues add; where one is missing, show the page with what exists and say
 * so"). Now that the v2 endpoints are served, no page may fall back to "Noch nicht verfügbar" or show an
 * error; a page that does names the endpoint it could not use, and this walk fails with it.
 * Each page is also audited with axe-core against WCAG 2.1 A and AA (BITV 2.0 refers to them); axe finds
 * what a machine can find (labels, contrast, landmarks, ARIA), not everything a screen-reader user meets.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const describeWithChromium = haveChromium ? describe : describe.skip;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page (evaluated through the DevTools protocol, so the strict CSP stays on). */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  });
  return violations.map(
    (v: AxeViolation) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

const roles: Staff[] = [
  { sub: 'dsb-walk', roles: ['dpo'] },
  { sub: 'dsk-walk', roles: ['privacy_officer'] },
  { sub: 'tl-walk', roles: ['team_lead'] },
];

describeWithChromium('every console page of every role loads from the API it was built for', () => {
  let server: ConsoleServer;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    server = await ConsoleServer.start();
    browser = await ConsoleBrowser.launch(CHROMIUM);
    await server.seedPersonReadByTwo();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(roles.map((staff) => [staff.roles[0], staff] as const))('%s', async (_role, staff) => {
    const page = await browser.signIn(server, staff);
    const links = await page.locator('#navigation a[data-route]').evaluateAll((anchors) =>
      anchors.map((a) => ({
        name: (a.textContent ?? '').trim(),
        path: (a as unknown as { getAttribute(n: string): string }).getAttribute('href'),
      })),
    );
    // The overview last, so that its link is clicked from another page.
    const pages = [...links.filter((l) => l.path !== '/console'), ...links.filter((l) => l.path === '/console')];
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const link of pages) {
      await page.locator('#navigation').getByRole('link', { name: link.name, exact: true }).click();
      await page.waitForURL(`**${link.path}`);
      // Pages say "Wird geladen …" until their first answer; the live region then names the page as loaded.
      await page.getByText('Wird geladen …').first().waitFor({ state: 'detached' });
      const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      for (const notice of ['noch nicht verfügbar', 'fehler', 'keine berechtigung'])
        if (main.toLowerCase().includes(notice)) problems.push(`${link.path}: ${notice} — ${main.slice(0, 400)}`);
      for (const violation of await accessibilityViolations(page)) problems.push(`${link.path}: ${violation}`);
    }
    expect(problems).toEqual([]);
    expect(browser.cspViolations).toEqual([]);
    await page.close();
  });
});
