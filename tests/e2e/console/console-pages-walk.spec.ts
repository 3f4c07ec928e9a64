import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConsoleBrowser, ConsoleServer, type Staff } from './console-harness.js';

/**
 * Every page of every console role, opened in a real browser against the real API (issue #18, item 3:
 * "build on the APIs the other issues add; where one is missing, show the page with what exists and say
 * so"). Now that the v2 endpoints are served, no page may fall back to "Noch nicht verfügbar" or show an
 * error; a page that does names the endpoint it could not use, and this walk fails with it.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const describeWithChromium = haveChromium ? describe : describe.skip;

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
    const pages = links.filter((l) => l.path !== '/console');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const problems: string[] = [];
    for (const link of pages) {
      await page.locator('#navigation').getByRole('link', { name: link.name, exact: true }).click();
      await page.waitForURL(`**${link.path}`);
      // Pages say "Wird geladen …" until their first answer; the live region then names the page as loaded.
      await page.getByText('Wird geladen …').first().waitFor({ state: 'detached' });
      const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      for (const notice of ['Noch nicht verfügbar', 'noch nicht verfügbar', 'Fehler', 'Keine Berechtigung'])
        if (main.includes(notice)) problems.push(`${link.path}: ${notice} — ${main.slice(0, 400)}`);
    }
    expect(problems).toEqual([]);
    expect(browser.cspViolations).toEqual([]);
    await page.close();
  });
});
