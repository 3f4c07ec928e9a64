import * as api from './api.js';
import { h, replaceChildren } from './dom.js';
import { label, ROLE_LABELS } from './labels.js';
import { DPO_PAGES } from './pages/dpo.js';
import { LEAD_PAGES } from './pages/lead.js';
import { PRIVACY_PAGES } from './pages/privacy.js';
import type { Page } from './pages/page.js';
import { alert, announce, button, paragraph } from './ui.js';

/**
 * The console's start: finish a login link, ask who is signed in, draw the navigation for the roles
 * held, and route by the address (paths under /console; no ids or personal data in them).
 */
const ALL_PAGES: Page[] = [...DPO_PAGES, ...PRIVACY_PAGES, ...LEAD_PAGES];
const ROLE_ORDER = ['dpo', 'privacy_officer', 'team_lead'] as const;

const main = () => document.getElementById('inhalt') as HTMLElement;
let pages: Page[] = [];
let user: api.SessionInfo['user'];
/** The page on screen; a fragment jump (the skip link) keeps the path and must not redraw it. */
let shownPath: string | undefined;

async function start() {
  api.setSessionEndedHandler(() => void showSignIn('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.'));
  if (location.pathname === '/console/anmelden') {
    const ticket = new URLSearchParams(location.hash.slice(1)).get('ticket');
    // The secret leaves the address bar and the history at once, used or not.
    history.replaceState(null, '', '/console/anmelden');
    if (ticket) {
      const redeemed = await api.redeemLoginLink(ticket);
      if (!redeemed.ok) return showSignIn('Der Anmeldelink ist ungültig, abgelaufen oder wurde schon benutzt.');
      history.replaceState(null, '', '/console');
    }
  }
  const session = await api.session();
  if (!session.ok || !session.data.signedIn || !session.data.user) return showSignIn();
  user = session.data.user;
  pages = ALL_PAGES.filter((p) => user!.roles.includes(p.role));
  drawUser(session.data);
  drawNavigation();
  window.addEventListener('popstate', () => {
    if (location.pathname !== shownPath) void route(location.pathname, false, true);
  });
  // On the first load focus stays at the top, where the skip link is the first stop.
  await route(location.pathname === '/console/anmelden' ? '/console' : location.pathname, false, false);
}

function drawUser(session: api.SessionInfo) {
  const box = document.getElementById('benutzer')!;
  const roles = session.user!.roles.filter((r) => r in ROLE_LABELS).map((r) => label(ROLE_LABELS, r));
  replaceChildren(
    box,
    h(
      'span',
      { class: 'kern-body' },
      'Angemeldet: ',
      h('strong', {}, session.user!.name ?? session.user!.sub),
      ` (${roles.join(', ')})`,
    ),
    button('Abmelden', {
      variant: 'secondary',
      onclick: async () => {
        const result = await api.logout();
        if (result.ok && result.data.redirect) location.assign(result.data.redirect);
        else showSignIn('Sie sind abgemeldet.');
      },
    }),
  );
}

function drawNavigation() {
  const nav = document.getElementById('navigation')!;
  const groups = ROLE_ORDER.filter((role) => pages.some((p) => p.role === role)).map((role) =>
    h(
      'div',
      {},
      h('h2', { class: 'kern-heading-small' }, label(ROLE_LABELS, role)),
      h(
        'ul',
        {},
        ...pages
          .filter((p) => p.role === role)
          .map((p) => h('li', {}, h('a', { class: 'kern-link', href: p.path, 'data-route': 'true' }, p.nav))),
      ),
    ),
  );
  replaceChildren(nav, h('a', { class: 'kern-link', href: '/console', 'data-route': 'true' }, 'Übersicht'), ...groups);
  nav.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a[data-route]');
    if (!link || (event as MouseEvent).ctrlKey || (event as MouseEvent).metaKey) return;
    event.preventDefault();
    void route(link.getAttribute('href')!, true);
  });
}

async function route(path: string, push: boolean, moveFocus = push) {
  if (push) history.pushState(null, '', path);
  shownPath = path;
  const page = pages.find((p) => p.path === path);
  for (const link of document.querySelectorAll('#navigation a')) {
    if (link.getAttribute('href') === path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  api.setPage(page ? page.path : '/console');
  const container = main();
  if (!page) {
    drawOverview(container, path !== '/console' && path !== '/console/');
  } else {
    replaceChildren(
      container,
      h('h1', { class: 'kern-heading-large', tabindex: -1 }, page.title),
      h('p', { class: 'kern-body' }, 'Wird geladen …'),
    );
    const body = h('div', { class: 'console-page' });
    await page.render(body);
    replaceChildren(
      container,
      h('h1', { class: 'kern-heading-large', tabindex: -1 }, page.title),
      page.intro ? paragraph(page.intro) : null,
      body,
    );
  }
  document.title = `${page?.title ?? 'Übersicht'} – KIM-Konsole`;
  // After navigating, focus moves to the new heading so keyboard and screen reader users start reading there.
  if (moveFocus) (container.querySelector('h1') as HTMLElement | null)?.focus();
  announce(`${page?.title ?? 'Übersicht'} geladen`);
}

function drawOverview(container: HTMLElement, unknown: boolean) {
  replaceChildren(
    container,
    h('h1', { class: 'kern-heading-large', tabindex: -1 }, 'Übersicht'),
    unknown
      ? alert(
          'warning',
          'Seite nicht gefunden',
          'Diese Seite gibt es in der Konsole nicht. Bitte wählen Sie eine Seite aus der Navigation.',
        )
      : null,
    pages.length === 0
      ? alert(
          'info',
          'Keine Konsolen-Seiten',
          'Ihre Rolle hat in der Konsole keine Seiten. Die Konsole ist für die Datenschutzbeauftragte, die Datenschutzkoordination und die Teamleitung.',
        )
      : h(
          'ul',
          { class: 'kern-list' },
          ...pages.map((p) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  class: 'kern-link',
                  href: p.path,
                  'data-route': 'true',
                  onclick: (e: Event) => (e.preventDefault(), void route(p.path, true)),
                },
                p.title,
              ),
              ` – ${p.intro ?? ''}`,
            ),
          ),
        ),
  );
}

function showSignIn(message?: string) {
  replaceChildren(document.getElementById('navigation')!);
  replaceChildren(document.getElementById('benutzer')!);
  const container = main();
  void api.session().then((result) => {
    const ways = result.ok ? result.data.signIn : undefined;
    replaceChildren(
      container,
      h('h1', { class: 'kern-heading-large', tabindex: -1 }, 'Anmelden'),
      message ? alert('info', 'Hinweis', message) : null,
      ways?.oidc
        ? h(
            'p',
            { class: 'kern-body' },
            h(
              'a',
              { class: 'kern-btn kern-btn--primary', href: ways.oidc },
              h('span', { class: 'kern-label' }, 'Mit dem Kreis-Konto anmelden'),
            ),
          )
        : h(
            'div',
            {},
            paragraph(
              'Auf diesem Rechner läuft die KIM-API ohne Anmeldedienst. Einen einmaligen Anmeldelink (5 Minuten gültig) erzeugt:',
            ),
            h(
              'pre',
              { class: 'console-mono' },
              ways?.loginLink ?? 'npm run kim -- console-login --role dpo --sub dsb-1',
            ),
            paragraph(
              'Rollen: dpo (Datenschutzbeauftragte/r), privacy_officer (Datenschutzkoordination), team_lead (Teamleitung).',
            ),
          ),
    );
    document.title = 'Anmelden – KIM-Konsole';
    (container.querySelector('h1') as HTMLElement).focus();
  });
}

void start();
