import * as api from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatNumber, label, STATUS_LABELS } from '../labels.js';
import {
  alert,
  announce,
  badge,
  button,
  failure,
  formValues,
  mono,
  paragraph,
  section,
  selectField,
  table,
  textArea,
  textField,
} from '../ui.js';
import { today, UUID, type Page } from './page.js';

/** Pages of the team lead: second-person approvals, staff register, deputies, caseloads, waiting list. */

const approvalsPage: Page = {
  path: '/console/teamleitung/freigaben',
  role: 'team_lead',
  title: 'Freigaben: Datenübermittlungen',
  nav: 'Freigaben (Übermittlung)',
  intro:
    'Übermittlungen, deren Rechtsgrundlage eine zweite Person verlangt (z. B. § 71 Abs. 2 SGB X an die Ausländerbehörde). Sie entscheiden gegen die Akte der Person in diesem Moment; eigene Anträge können Sie nicht freigeben.',
  async render(container) {
    const queue = h('div', {}, paragraph('Wird geladen …'));
    const outcome = h('div', { id: 'freigabe-ergebnis' });
    const decide = async (transferId: string, approve: boolean, reason = '') => {
      const result = approve ? await api.approveTransfer(transferId) : await api.rejectTransfer(transferId, reason);
      const endpoint = `POST /api/v1/transfers/{id}/${approve ? 'approve' : 'reject'}`;
      if (!result.ok)
        return replaceChildren(
          outcome,
          failure(result, approve ? 'Die Freigabe von Übermittlungen' : 'Das Ablehnen von Übermittlungen', endpoint),
        );
      replaceChildren(
        outcome,
        alert(
          'success',
          approve ? 'Übermittlung freigegeben' : 'Übermittlung abgelehnt',
          `Übermittlung ${transferId}.`,
        ),
      );
      announce(approve ? 'Übermittlung freigegeben' : 'Übermittlung abgelehnt');
      await loadQueue();
    };
    const loadQueue = async () => {
      const [result, labels] = await Promise.all([api.transfersAwaitingApproval(), api.catalogueLabels()]);
      if (!result.ok)
        return replaceChildren(
          queue,
          failure(result, 'Die Liste der wartenden Übermittlungen', 'GET /api/v1/transfers?status=awaiting-approval'),
        );
      const waiting = api
        .itemsOf(result.data)
        .filter((t) => String(t.status ?? 'awaiting-approval') === 'awaiting-approval');
      replaceChildren(
        queue,
        waiting.length === 0
          ? alert('info', 'Nichts freizugeben', 'Keine Übermittlung wartet auf eine Freigabe.')
          : table<Record<string, unknown>>(
              'Wartende Übermittlungen',
              [
                { title: 'Übermittlung', cell: (t) => mono(t.transferId) },
                { title: 'An', cell: (t) => labels.agency(t.toAgency) },
                {
                  title: 'Rechtsgrundlage',
                  cell: (t) => (t.basis as { norm?: string } | undefined)?.norm ?? labels.basis(t.legalBasis),
                },
                {
                  title: 'Kategorien',
                  cell: (t) =>
                    Array.isArray(t.dataCategories) ? t.dataCategories.map(labels.category).join(', ') : '–',
                },
                { title: 'Beantragt von', cell: (t) => mono(t.requestedBy) },
                {
                  title: 'Entscheidung',
                  cell: (t) =>
                    h(
                      'div',
                      { class: 'console-actions' },
                      button('Freigeben', { onclick: () => void decide(String(t.transferId), true) }),
                    ),
                },
              ],
              waiting,
            ),
      );
    };
    const byId = h(
      'form',
      { class: 'console-form', 'aria-label': 'Übermittlung nach Nummer entscheiden' },
      textField({ label: 'Nummer der Übermittlung', name: 'transferId', required: true, pattern: UUID }),
      textArea({ label: 'Begründung (nur bei Ablehnung)', name: 'reason' }),
      h(
        'div',
        { class: 'console-actions console-form__wide' },
        button('Freigeben', { type: 'submit' }),
        button('Ablehnen', {
          variant: 'secondary',
          onclick: () => {
            const v = formValues(byId);
            if (v.transferId && v.reason) void decide(v.transferId, false, v.reason);
            else
              replaceChildren(
                outcome,
                alert('warning', 'Eingabe prüfen', 'Für eine Ablehnung bitte Nummer und Begründung angeben.'),
              );
          },
        }),
      ),
    );
    byId.addEventListener('submit', (event) => {
      event.preventDefault();
      void decide(formValues(byId).transferId ?? '', true);
    });
    replaceChildren(
      container,
      section('Wartende Übermittlungen', queue),
      section('Nach Nummer entscheiden', byId),
      outcome,
    );
    await loadQueue();
  },
};

interface StaffEntry {
  caseworkerId: string;
  provider?: string;
  fte?: number;
  baustein?: number;
}

const staffPage: Page = {
  path: '/console/teamleitung/personal',
  role: 'team_lead',
  title: 'Personalregister',
  nav: 'Personal',
  intro:
    'Fallmanagerinnen und Fallmanager mit Träger, Stellenanteil (VZÄ) und Baustein. Der Stellenanteil bestimmt die Fallgrenze (80 × VZÄ).',
  async render(container) {
    const list = h('div', {}, paragraph('Wird geladen …'));
    const feedback = h('div');
    const load = async () => {
      const result = await api.staff();
      if (!result.ok) return replaceChildren(list, failure(result, 'Das Personalregister', 'GET /api/v1/staff'));
      const items = api.itemsOf(result.data) as unknown as StaffEntry[];
      replaceChildren(
        list,
        table<StaffEntry>(
          'Personal',
          [
            { title: 'Kennung', cell: (s) => mono(s.caseworkerId) },
            { title: 'Träger', cell: (s) => s.provider ?? '–' },
            { title: 'VZÄ', cell: (s) => (typeof s.fte === 'number' ? formatNumber(s.fte, 2) : '–'), numeric: true },
            { title: 'Baustein', cell: (s) => String(s.baustein ?? '–'), numeric: true },
          ],
          items,
        ),
      );
    };
    const form = h(
      'form',
      { class: 'console-form', 'aria-label': 'Eintrag im Personalregister' },
      textField({
        label: 'Kennung',
        name: 'caseworkerId',
        required: true,
        pattern: '[A-Za-z0-9._-]{1,100}',
        hint: 'z. B. cw-01',
      }),
      textField({
        label: 'Träger',
        name: 'provider',
        required: true,
        value: 'KI',
        hint: 'KI, Kommune (z. B. SOZIALAMT_VELBERT) oder Wohlfahrtsverband (WV_…)',
      }),
      textField({
        label: 'Stellenanteil (VZÄ)',
        name: 'fte',
        type: 'number',
        required: true,
        value: '1',
        min: '0.05',
        max: '1',
        step: '0.05',
      }),
      selectField({
        label: 'Baustein',
        name: 'baustein',
        choices: [
          ['2', 'Baustein 2 (Case Management)'],
          ['1', 'Baustein 1'],
          ['3', 'Baustein 3'],
        ],
      }),
      h('div', { class: 'console-actions console-form__wide' }, button('Speichern', { type: 'submit' })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = formValues(form);
      const result = await api.putStaff(v.caseworkerId!, {
        provider: v.provider!,
        fte: Number(v.fte),
        baustein: Number(v.baustein),
      });
      if (!result.ok)
        return replaceChildren(feedback, failure(result, 'Das Ändern des Personalregisters', 'PUT /api/v1/staff/{id}'));
      replaceChildren(feedback, alert('success', 'Gespeichert', `Eintrag ${v.caseworkerId} gespeichert.`));
      await load();
    });
    replaceChildren(container, section('Register', list), section('Eintrag anlegen oder ändern', form, feedback));
    await load();
  },
};

const deputiesPage: Page = {
  path: '/console/teamleitung/vertretungen',
  role: 'team_lead',
  title: 'Vertretungen',
  nav: 'Vertretungen',
  intro:
    'Befristeter Zugriff einer Vertretung auf eine Person oder einen Fall (Art. 25 DSGVO: nur so lange wie nötig), mit Grund und Enddatum.',
  async render(container) {
    const list = h('div', {}, paragraph('Wird geladen …'));
    const feedback = h('div');
    const load = async () => {
      const result = await api.deputyGrants();
      if (!result.ok)
        return replaceChildren(list, failure(result, 'Die Übersicht der Vertretungen', 'GET /api/v1/deputy-grants'));
      const items = api.itemsOf(result.data);
      replaceChildren(
        list,
        items.length === 0
          ? alert('info', 'Keine Vertretungen', 'Derzeit gilt keine Vertretung.')
          : table<Record<string, unknown>>(
              'Vertretungen',
              [
                { title: 'Vertretung', cell: (g) => mono(g.caseworkerId) },
                { title: 'Person oder Fall', cell: (g) => mono(g.personId ?? g.caseId) },
                { title: 'Bis einschließlich', cell: (g) => formatDate(g.until) },
                { title: 'Eingeräumt von', cell: (g) => mono(g.grantedBy) },
              ],
              items,
            ),
      );
    };
    const form = h(
      'form',
      { class: 'console-form', 'aria-label': 'Vertretung einräumen' },
      textField({ label: 'Vertretung (Kennung)', name: 'caseworkerId', required: true }),
      textField({ label: 'Person (Pseudonym-ID)', name: 'personId', pattern: UUID, hint: 'Person oder Fall angeben' }),
      textField({ label: 'Fall-ID', name: 'caseId', pattern: UUID }),
      textField({ label: 'Gültig bis', name: 'until', type: 'date', required: true, value: today(14), min: today() }),
      textField({ label: 'Grund', name: 'reason', required: true, value: 'Urlaubsvertretung', wide: true }),
      h('div', { class: 'console-actions console-form__wide' }, button('Vertretung einräumen', { type: 'submit' })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = formValues(form);
      if (!v.personId === !v.caseId)
        return replaceChildren(
          feedback,
          alert('warning', 'Eingabe prüfen', 'Bitte genau eines angeben: Person oder Fall.'),
        );
      const result = await api.grantDeputy({
        caseworkerId: v.caseworkerId!,
        ...(v.personId ? { personId: v.personId } : { caseId: v.caseId! }),
        until: v.until!,
        reason: v.reason!,
      });
      if (!result.ok)
        return replaceChildren(
          feedback,
          failure(result, 'Das Einräumen von Vertretungen', 'POST /api/v1/deputy-grants'),
        );
      replaceChildren(feedback, alert('success', 'Vertretung eingeräumt', `Bis ${formatDate(v.until)}.`));
      await load();
    });
    replaceChildren(container, section('Geltende Vertretungen', list), section('Vertretung einräumen', form, feedback));
    await load();
  },
};

const caseloadPage: Page = {
  path: '/console/teamleitung/fallzahlen',
  role: 'team_lead',
  title: 'Fallzahlen und Betreuungsschlüssel',
  nav: 'Fallzahlen (1:80)',
  intro: 'Aktive Fälle je Fallmanager/in gegen den Betreuungsschlüssel 1:80 je Vollzeitstelle.',
  async render(container) {
    const [loads, staffResult] = await Promise.all([api.caseload(), api.staff()]);
    if (!loads.ok) return replaceChildren(container, failure(loads, 'Die Fallzahlen', 'GET /api/v1/caseload'));
    const fte = new Map<string, number>();
    if (staffResult.ok)
      for (const s of api.itemsOf(staffResult.data))
        if (typeof s.fte === 'number') fte.set(String(s.caseworkerId), s.fte);
    const perFte = loads.data.limit;
    const rows = loads.data.caseworkers
      .map((c) => {
        const share = fte.get(c.caseworkerId);
        // Without the staff register the API's own limit applies (a full post each).
        const limit = share !== undefined ? Math.floor(perFte * share) : c.limit;
        return { ...c, share, limit, utilisation: limit > 0 ? c.active / limit : 1 };
      })
      .sort((a, b) => b.utilisation - a.utilisation);
    const total = rows.reduce((n, r) => n + r.active, 0);
    replaceChildren(
      container,
      staffResult.ok
        ? null
        : alert(
            'info',
            'Stellenanteile noch nicht verfügbar',
            'Das Personalregister (GET /api/v1/staff) gibt es in dieser Version der KIM-API noch nicht. Bis dahin gilt für alle die Grenze der API: ' +
              `${perFte} Fälle je Person.`,
          ),
      paragraph(
        `${formatNumber(total)} aktive Fälle bei ${formatNumber(rows.length)} Fallmanagerinnen und Fallmanagern; Schlüssel ${perFte} Fälle je Vollzeitstelle.`,
      ),
      table(
        'Auslastung',
        [
          { title: 'Fallmanager/in', cell: (r) => mono(r.caseworkerId) },
          { title: 'VZÄ', cell: (r) => (r.share !== undefined ? formatNumber(r.share, 2) : '–'), numeric: true },
          { title: 'Aktive Fälle', cell: (r) => formatNumber(r.active), numeric: true },
          { title: 'Grenze', cell: (r) => formatNumber(r.limit), numeric: true },
          { title: 'Auslastung', cell: (r) => utilisationCell(r.utilisation) },
        ],
        rows,
      ),
    );
  },
};

function utilisationCell(u: number) {
  const step = Math.min(100, Math.round((u * 100) / 10) * 10);
  const percent = `${formatNumber(u * 100)} %`;
  return h(
    'span',
    { class: 'console-actions' },
    h(
      'span',
      { class: `console-bar console-w-${step}${u > 1 ? ' console-bar--over' : ''}`, 'aria-hidden': 'true' },
      h('span', {}),
    ),
    percent,
    u >= 1 ? badge('danger', 'Grenze erreicht') : u >= 0.9 ? badge('warning', 'fast voll') : null,
  );
}

const waitingPage: Page = {
  path: '/console/teamleitung/warteliste',
  role: 'team_lead',
  title: 'Warteliste',
  nav: 'Warteliste',
  intro: 'Offene Fälle, die noch niemandem zugewiesen sind, die ältesten zuerst.',
  async render(container) {
    const result = await api.waitingList();
    if (!result.ok)
      return replaceChildren(
        container,
        failure(result, 'Die Warteliste (Fälle ohne Zuweisung)', 'GET /api/v1/cases?assignee=none&status=open'),
      );
    const items = api
      .itemsOf(result.data)
      .sort((a, b) => String(a.openedAt ?? '').localeCompare(String(b.openedAt ?? '')));
    replaceChildren(
      container,
      items.length === 0
        ? alert('success', 'Niemand wartet', 'Alle offenen Fälle sind zugewiesen.')
        : table<Record<string, unknown>>(
            'Wartende Fälle',
            [
              { title: 'Fall', cell: (c) => mono(c.caseId) },
              { title: 'Kommune', cell: (c) => String(c.municipality ?? '–') },
              { title: 'Eröffnet', cell: (c) => formatDate(c.openedAt) },
              { title: 'Stand', cell: (c) => label(STATUS_LABELS, c.status) },
            ],
            items,
          ),
    );
  },
};

export const LEAD_PAGES: Page[] = [approvalsPage, staffPage, deputiesPage, caseloadPage, waitingPage];
