import * as api from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { ACTION_LABELS, ANOMALY_LABELS, formatDateTime, formatNumber, label, ROLE_LABELS } from '../labels.js';
import {
  alert,
  announce,
  badge,
  button,
  failure,
  formValues,
  genericView,
  mono,
  paragraph,
  section,
  selectField,
  table,
  textArea,
  textField,
} from '../ui.js';
import { today, UUID, type Page } from './page.js';

/** Pages of the data protection officer (Art. 38(6) DSGVO: monitors, executes nothing). */

const trailPage: Page = {
  path: '/console/dsb/protokoll',
  role: 'dpo',
  title: 'Protokoll durchsuchen',
  nav: 'Protokoll',
  intro:
    'Wer hat wann mit wessen Daten was getan: jede Lesung, Übermittlung und Änderung, in der Reihenfolge des Protokolls.',
  async render(container) {
    const results = h('div', { id: 'protokoll-ergebnis' });
    // The filter lives in this closure only: never in the address, never in browser storage.
    let filter: api.TrailFilter = {};
    const cursors: (string | undefined)[] = [undefined];

    const show = async (pageIndex: number) => {
      replaceChildren(results, paragraph('Suche läuft …'));
      const cursor = cursors[pageIndex];
      const result = await api.auditTrail({ ...filter, ...(cursor ? { cursor } : {}) });
      if (!result.ok)
        return replaceChildren(results, failure(result, 'Die Protokollsuche', 'POST /api/v1/audit/trail/search'));
      const { items, nextCursor } = result.data;
      if (nextCursor) cursors[pageIndex + 1] = nextCursor;
      const summary = `${items.length} ${items.length === 1 ? 'Eintrag' : 'Einträge'} auf Seite ${pageIndex + 1}${nextCursor ? ', weitere vorhanden' : ''}`;
      replaceChildren(
        results,
        h('p', { class: 'kern-body', id: 'protokoll-zusammenfassung' }, summary),
        items.length === 0
          ? alert('info', 'Keine Einträge', 'Für diese Auswahl gibt es keine Protokolleinträge.')
          : table<api.TrailEntry>(
              'Protokolleinträge',
              [
                { title: 'Zeitpunkt', cell: (e) => formatDateTime(e.at) },
                { title: 'Vorgang', cell: (e) => label(ACTION_LABELS, e.action) },
                { title: 'Person (Pseudonym)', cell: (e) => mono(e.personId) },
                { title: 'Wer', cell: (e) => mono(e.actorSub) },
                { title: 'Rolle', cell: (e) => label(ROLE_LABELS, e.actorRole) },
                { title: 'Stelle', cell: (e) => e.actorAgency },
                { title: 'Zweck', cell: (e) => e.purpose ?? '–' },
                { title: 'Über', cell: (e) => String(e.details.page ?? e.details.endpoint ?? '–') },
              ],
              items,
            ),
        h(
          'div',
          { class: 'console-actions', role: 'group', 'aria-label': 'Seiten' },
          pageIndex > 0
            ? button('Vorherige Seite', { variant: 'secondary', onclick: () => void show(pageIndex - 1) })
            : null,
          nextCursor
            ? button('Nächste Seite', { variant: 'secondary', onclick: () => void show(pageIndex + 1) })
            : null,
        ),
      );
      announce(summary);
    };

    const form = h(
      'form',
      { class: 'console-form', 'aria-label': 'Protokollsuche' },
      textField({
        label: 'Person (Pseudonym-ID)',
        name: 'personId',
        pattern: UUID,
        hint: 'Die ID aus der Fallakte, z. B. 9e266198-…',
      }),
      textField({ label: 'Wer (Kennung)', name: 'actor', hint: 'z. B. cw-01' }),
      textField({
        label: 'Stelle',
        name: 'agency',
        pattern: '[A-Za-z0-9_-]{1,60}',
        hint: 'z. B. KI oder JOBCENTER_IP',
      }),
      selectField({
        label: 'Vorgang',
        name: 'action',
        choices: [['', 'alle Vorgänge'], ...Object.entries(ACTION_LABELS)],
      }),
      textField({ label: 'Von', name: 'from', type: 'date', value: today(-7) }),
      textField({ label: 'Bis', name: 'to', type: 'date', value: today() }),
      selectField({
        label: 'Einträge je Seite',
        name: 'limit',
        choices: [
          ['25', '25'],
          ['50', '50'],
          ['100', '100'],
        ],
        value: '50',
      }),
      h(
        'div',
        { class: 'console-actions console-form__wide' },
        button('Suchen', { type: 'submit' }),
        button('Als CSV exportieren', {
          variant: 'secondary',
          onclick: async () => {
            filter = trailFilter(formValues(form));
            const csv = await api.auditTrailCsv(filter);
            if (!csv.ok)
              return replaceChildren(results, failure(csv, 'Der CSV-Export', 'POST /api/v1/audit/trail/search'));
            download(`protokoll-datenschutz-${today()}.csv`, csv.data, 'text/csv;charset=utf-8');
            announce('CSV-Datei erstellt');
          },
        }),
        button('Drucken', { variant: 'tertiary', onclick: () => window.print() }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      filter = trailFilter(formValues(form));
      cursors.length = 1;
      void show(0);
    });
    replaceChildren(container, form, results);
  },
};

function trailFilter(values: Record<string, string>): api.TrailFilter {
  const filter: api.TrailFilter = {};
  for (const key of ['personId', 'actor', 'agency', 'action', 'from', 'to', 'limit'] as const)
    if (values[key]) filter[key] = values[key];
  return filter;
}

/** A file from memory: the data never pass through a URL the server sees. */
function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, class: 'console-no-print' });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const anomaliesPage: Page = {
  path: '/console/dsb/auffaelligkeiten',
  role: 'dpo',
  title: 'Auffälligkeiten',
  nav: 'Auffälligkeiten',
  intro:
    'Ungewöhnliche Zugriffe und Übermittlungen zur Prüfung, je Art die neuesten zuerst. Prüfvermerke halten fest, was geklärt ist.',
  async render(container) {
    const results = h('div');
    const load = async (values: Record<string, string>) => {
      replaceChildren(results, paragraph('Wird geladen …'));
      const result = await api.anomalies({
        kind: values.kind || undefined,
        from: values.from || undefined,
        to: values.to || undefined,
      });
      if (!result.ok)
        return replaceChildren(results, failure(result, 'Die Auffälligkeiten', 'GET /api/v1/audit/anomalies'));
      const { counts, anomalies } = result.data;
      replaceChildren(
        results,
        table<[string, number]>(
          'Anzahl je Art',
          [
            { title: 'Art', cell: ([k]) => label(ANOMALY_LABELS, k) },
            { title: 'Anzahl', cell: ([, n]) => formatNumber(n), numeric: true },
          ],
          Object.entries(counts),
        ),
        anomalies.length === 0
          ? alert('success', 'Keine Auffälligkeiten', 'Im gewählten Zeitraum wurde nichts Auffälliges protokolliert.')
          : table<Record<string, unknown>>(
              'Auffälligkeiten',
              [
                { title: 'Zeitpunkt', cell: (a) => formatDateTime(a.at) },
                { title: 'Art', cell: (a) => label(ANOMALY_LABELS, a.kind) },
                { title: 'Wer', cell: (a) => mono((a.actor as { sub?: string } | undefined)?.sub) },
                { title: 'Rolle', cell: (a) => label(ROLE_LABELS, (a.actor as { role?: string } | undefined)?.role) },
                { title: 'Personen', cell: (a) => personsCell(a.personIds) },
                { title: 'Prüfung', cell: (a) => reviewCell(a) },
              ],
              anomalies,
            ),
      );
    };
    const form = h(
      'form',
      { class: 'console-form', 'aria-label': 'Auffälligkeiten filtern' },
      selectField({ label: 'Art', name: 'kind', choices: [['', 'alle Arten'], ...Object.entries(ANOMALY_LABELS)] }),
      textField({ label: 'Von', name: 'from', type: 'date', value: today(-30) }),
      textField({ label: 'Bis', name: 'to', type: 'date', value: today() }),
      h('div', { class: 'console-actions' }, button('Anzeigen', { type: 'submit' })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void load(formValues(form));
    });
    replaceChildren(container, form, results);
    await load(formValues(form));
  },
};

function personsCell(ids: unknown) {
  const list = Array.isArray(ids) ? ids.map(String) : [];
  if (list.length <= 2) return h('span', {}, ...list.map((id) => h('span', { class: 'console-mono' }, id, ' ')));
  return `${formatNumber(list.length)} Personen`;
}

function reviewCell(anomaly: Record<string, unknown>) {
  const review = anomaly.review as { note?: string; by?: string; at?: string } | undefined;
  if (review) return h('span', {}, badge('success', 'geprüft'), ' ', review.note ?? '');
  const cell = h('div');
  const open = () => {
    const form = h(
      'form',
      { 'aria-label': 'Prüfvermerk' },
      textArea({
        label: 'Prüfvermerk',
        name: 'note',
        required: true,
        hint: 'Keine Namen oder Einzelheiten zur Person eintragen.',
      }),
      button('Speichern', { type: 'submit' }),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const note = formValues(form).note ?? '';
      const result = await api.reviewAnomaly(String(anomaly.eventId), note);
      replaceChildren(
        cell,
        result.ok
          ? badge('success', 'geprüft')
          : failure(result, 'Prüfvermerke', 'POST /api/v1/audit/anomalies/{eventId}/review'),
        result.ok ? ` ${note}` : null,
      );
    });
    replaceChildren(cell, form);
    (form.querySelector('textarea') as HTMLElement).focus();
  };
  replaceChildren(cell, button('Prüfvermerk', { variant: 'tertiary', onclick: open }));
  return cell;
}

const integrityPage: Page = {
  path: '/console/dsb/integritaet',
  role: 'dpo',
  title: 'Integrität des Protokolls',
  nav: 'Integrität',
  intro: 'Die Hash-Kette über alle Ereignisse und die signierten, bei einem Zeugen hinterlegten Prüfpunkte.',
  async render(container) {
    const verifyBox = h('div');
    const run = async () => {
      replaceChildren(verifyBox, paragraph('Die Kette wird geprüft …'));
      const result = await api.verify();
      if (!result.ok)
        return replaceChildren(verifyBox, failure(result, 'Die Prüfung der Hash-Kette', 'GET /api/v1/audit/verify'));
      const v = result.data as { ok?: boolean; events?: number; firstBadEvent?: unknown; checkpoint?: unknown };
      replaceChildren(
        verifyBox,
        v.ok
          ? alert(
              'success',
              'Kette unversehrt',
              `Alle ${formatNumber(Number(v.events ?? 0))} Ereignisse bilden eine lückenlose Kette. Geprüft am ${formatDateTime(new Date().toISOString())}.`,
            )
          : alert(
              'danger',
              'Kette verletzt',
              `Geprüft am ${formatDateTime(new Date().toISOString())}. Erstes fehlerhaftes Ereignis:`,
              h('div', {}, genericView(v.firstBadEvent)),
            ),
        v.checkpoint
          ? h('div', {}, h('h3', { class: 'kern-heading-small' }, 'Letzter Prüfpunkt'), genericView(v.checkpoint))
          : null,
        h(
          'div',
          { class: 'console-actions' },
          button('Erneut prüfen', { variant: 'secondary', onclick: () => void run() }),
        ),
      );
    };
    const checkpointsBox = h('div', {}, paragraph('Wird geladen …'));
    replaceChildren(container, section('Letzte Prüfung', verifyBox), section('Bezeugte Prüfpunkte', checkpointsBox));
    await run();
    const cps = await api.checkpoints();
    if (!cps.ok)
      return replaceChildren(
        checkpointsBox,
        failure(cps, 'Die Liste der bezeugten Prüfpunkte', 'GET /api/v1/audit/checkpoints'),
      );
    const items = api.itemsOf(cps.data);
    replaceChildren(
      checkpointsBox,
      items.length === 0
        ? genericView(cps.data)
        : table<Record<string, unknown>>(
            'Prüfpunkte',
            [
              { title: 'Zeitpunkt', cell: (c) => formatDateTime(c.at ?? c.time ?? c.signedAt) },
              { title: 'Position', cell: (c) => mono(c.position) },
              { title: 'Kettenwert', cell: (c) => mono(c.chainHash ?? c.hash) },
              { title: 'Zeuge', cell: (c) => String(c.witness ?? c.witnessedAt ?? '–') },
            ],
            items,
          ),
    );
  },
};

const recordPage: Page = {
  path: '/console/dsb/verzeichnis',
  role: 'dpo',
  title: 'Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO)',
  nav: 'Verzeichnis (Art. 30)',
  intro: 'Aus der geltenden Konfiguration erzeugt: Zwecke, Kategorien, Empfänger, Rechtsgrundlagen, Fristen.',
  async render(container) {
    const result = await api.recordOfProcessing();
    if (!result.ok)
      return replaceChildren(
        container,
        failure(result, 'Das Verzeichnis der Verarbeitungstätigkeiten', 'GET /api/v1/audit/record-of-processing'),
      );
    replaceChildren(
      container,
      h(
        'div',
        { class: 'console-actions' },
        button('Drucken', { variant: 'secondary', onclick: () => window.print() }),
      ),
      genericView(result.data),
    );
  },
};

const breachesPage: Page = {
  path: '/console/dsb/datenpannen',
  role: 'dpo',
  title: 'Datenpannen (Art. 33 DSGVO)',
  nav: 'Datenpannen',
  intro: 'Verletzungen des Schutzes personenbezogener Daten, mit der 72-Stunden-Frist zur Meldung an die LDI NRW.',
  async render(container) {
    const result = await api.breaches();
    if (!result.ok) {
      return replaceChildren(
        container,
        failure(result, 'Das Register der Datenpannen', 'GET /api/v1/audit/breaches'),
        paragraph(
          'Bis dahin: Auffälligkeiten prüfen Sie unter „Auffälligkeiten“; eine Meldung an die Aufsichtsbehörde ist binnen 72 Stunden nach Bekanntwerden fällig.',
        ),
      );
    }
    const items = api.itemsOf(result.data);
    replaceChildren(
      container,
      items.length ? table<Record<string, unknown>>('Datenpannen', breachColumns, items) : genericView(result.data),
    );
  },
};

const breachColumns = [
  { title: 'Bekannt seit', cell: (b: Record<string, unknown>) => formatDateTime(b.detectedAt ?? b.at) },
  { title: 'Meldefrist', cell: (b: Record<string, unknown>) => formatDateTime(b.reportDueAt ?? b.dueAt) },
  { title: 'Status', cell: (b: Record<string, unknown>) => String(b.status ?? '–') },
  { title: 'Beschreibung', cell: (b: Record<string, unknown>) => String(b.summary ?? b.description ?? '–') },
];

export const DPO_PAGES: Page[] = [trailPage, anomaliesPage, integrityPage, recordPage, breachesPage];
