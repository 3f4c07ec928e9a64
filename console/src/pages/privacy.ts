import * as api from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { CHANNEL_LABELS, formatDate, label, REQUEST_KIND_LABELS, STATUS_LABELS } from '../labels.js';
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

/** Pages of the privacy officer (Datenschutzkoordination): data-subject requests, restriction, erasure. */

const DONE = new Set(['closed', 'answered', 'rejected', 'erased', 'done', 'completed']);

function deadlineCell(r: Record<string, unknown>) {
  const due = typeof r.dueOn === 'string' ? r.dueOn : undefined;
  if (!due) return '–';
  if (DONE.has(String(r.status))) return formatDate(due);
  if (due < today())
    return h('span', { class: 'console-overdue' }, formatDate(due), ' ', badge('danger', 'überfällig'));
  if (due <= today(7)) return h('span', {}, formatDate(due), ' ', badge('warning', 'bald fällig'));
  return formatDate(due);
}

const requestsPage: Page = {
  path: '/console/datenschutz/antraege',
  role: 'privacy_officer',
  title: 'Anträge betroffener Personen',
  nav: 'Anträge und Fristen',
  intro: 'Das Register nach Art. 12 DSGVO: Eingang, Art, Frist (ein Monat), Stand. Überfällige Anträge sind markiert.',
  async render(container) {
    const list = h('div', {}, paragraph('Wird geladen …'));
    const load = async () => {
      const result = await api.privacyRequests();
      if (!result.ok)
        return replaceChildren(list, failure(result, 'Das Antragsregister', 'GET /api/v1/privacy/requests'));
      const items = api.itemsOf(result.data).sort((a, b) => String(a.dueOn ?? '').localeCompare(String(b.dueOn ?? '')));
      const overdue = items.filter(
        (r) => typeof r.dueOn === 'string' && r.dueOn < today() && !DONE.has(String(r.status)),
      ).length;
      replaceChildren(
        list,
        overdue > 0
          ? alert(
              'warning',
              `${overdue} ${overdue === 1 ? 'Antrag ist' : 'Anträge sind'} überfällig`,
              'Die Monatsfrist des Art. 12 Abs. 3 DSGVO ist abgelaufen.',
            )
          : null,
        items.length === 0
          ? alert('info', 'Keine Anträge', 'Im Register ist kein Antrag erfasst.')
          : table<Record<string, unknown>>(
              'Anträge',
              [
                { title: 'Eingang', cell: (r) => formatDate(r.receivedOn) },
                { title: 'Art', cell: (r) => label(REQUEST_KIND_LABELS, r.kind) },
                { title: 'Person (Pseudonym)', cell: (r) => mono(r.personId) },
                { title: 'Weg', cell: (r) => label(CHANNEL_LABELS, r.channel) },
                { title: 'Frist', cell: deadlineCell },
                { title: 'Stand', cell: (r) => label(STATUS_LABELS, r.status) },
                { title: 'Antrags-Nr.', cell: (r) => mono(r.requestId) },
              ],
              items,
            ),
      );
    };
    const feedback = h('div');
    const form = h(
      'form',
      { class: 'console-form', 'aria-label': 'Antrag erfassen' },
      textField({ label: 'Person (Pseudonym-ID)', name: 'personId', required: true, pattern: UUID }),
      selectField({
        label: 'Art des Antrags',
        name: 'kind',
        choices: Object.entries(REQUEST_KIND_LABELS),
        required: true,
      }),
      textField({ label: 'Eingegangen am', name: 'receivedOn', type: 'date', required: true, value: today() }),
      selectField({ label: 'Eingangsweg', name: 'channel', choices: Object.entries(CHANNEL_LABELS), required: true }),
      h('div', { class: 'console-actions console-form__wide' }, button('Antrag erfassen', { type: 'submit' })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = formValues(form);
      const result = await api.registerPrivacyRequest({
        personId: v.personId!,
        kind: v.kind!,
        receivedOn: v.receivedOn!,
        channel: v.channel!,
      });
      if (!result.ok)
        return replaceChildren(feedback, failure(result, 'Das Erfassen von Anträgen', 'POST /api/v1/privacy/requests'));
      replaceChildren(
        feedback,
        alert(
          'success',
          'Antrag erfasst',
          `Antrags-Nr. ${result.data.requestId}${result.data.dueOn ? `, Frist ${formatDate(result.data.dueOn)}` : ''}.`,
        ),
      );
      form.reset();
      await load();
    });
    replaceChildren(container, section('Register', list), section('Neuen Antrag erfassen', form, feedback));
    await load();
  },
};

const approvalsPage: Page = {
  path: '/console/datenschutz/freigaben',
  role: 'privacy_officer',
  title: 'Freigaben: Löschungen',
  nav: 'Freigaben (Löschung)',
  intro:
    'Eine Löschung braucht zwei Personen (Vier-Augen-Prinzip): beantragt von einer Person der Datenschutzkoordination, freigegeben von einer anderen oder der Teamleitung.',
  async render(container) {
    const queue = h('div', {}, paragraph('Wird geladen …'));
    const outcome = h('div', { id: 'freigabe-ergebnis' });
    const approve = async (erasureId: string) => {
      const result = await api.approveErasure(erasureId);
      if (!result.ok)
        return replaceChildren(
          outcome,
          failure(result, 'Die Freigabe von Löschungen', 'POST /api/v1/privacy/erasures/{erasureId}/approve'),
        );
      replaceChildren(
        outcome,
        alert(
          'success',
          'Löschung ausgeführt',
          `Löschvorgang ${erasureId}: ${label(STATUS_LABELS, result.data.status)}. Die Schlüssel der Person sind vernichtet.`,
        ),
      );
      announce('Löschung freigegeben und ausgeführt');
      await loadQueue();
    };
    const loadQueue = async () => {
      const result = await api.erasuresAwaitingApproval();
      if (!result.ok)
        return replaceChildren(
          queue,
          failure(
            result,
            'Die Liste der wartenden Löschungen',
            'GET /api/v1/privacy/erasures?status=awaiting-approval',
          ),
        );
      const waiting = api.itemsOf(result.data);
      replaceChildren(
        queue,
        waiting.length === 0
          ? alert('info', 'Nichts freizugeben', 'Keine Löschung wartet auf Ihre Freigabe.')
          : table<Record<string, unknown>>(
              'Wartende Löschungen',
              [
                { title: 'Löschvorgang', cell: (r) => mono(r.erasureId) },
                { title: 'Person (Pseudonym)', cell: (r) => mono(r.personId) },
                { title: 'Beantragt von', cell: (r) => mono(r.requestedBy) },
                { title: 'Beantragt am', cell: (r) => formatDate(r.requestedAt) },
                {
                  title: 'Aktion',
                  cell: (r) => button('Löschung freigeben', { onclick: () => void approve(String(r.erasureId)) }),
                },
              ],
              waiting,
            ),
      );
    };
    const byId = h(
      'form',
      { class: 'console-form', 'aria-label': 'Löschung nach Nummer freigeben' },
      textField({
        label: 'Nummer des Löschvorgangs',
        name: 'erasureId',
        required: true,
        hint: 'Die Nummer, die bei der Beantragung angezeigt wurde.',
      }),
      h('div', { class: 'console-actions' }, button('Löschung freigeben', { type: 'submit' })),
    );
    byId.addEventListener('submit', (event) => {
      event.preventDefault();
      void approve(formValues(byId).erasureId ?? '');
    });
    replaceChildren(container, section('Wartende Löschungen', queue), section('Nach Nummer freigeben', byId), outcome);
    await loadQueue();
  },
};

/** The person the privacy officer works on: kept in this module's memory only, never in the address. */
let currentPerson: string | undefined;

const personPage: Page = {
  path: '/console/datenschutz/person',
  role: 'privacy_officer',
  title: 'Betroffenenrechte einer Person',
  nav: 'Auskunft, Einschränkung, Löschung',
  intro:
    'Auskunft (Art. 15), Einschränkung (Art. 18) und Löschung (Art. 17) für eine Person. Jede Lesung wird protokolliert.',
  async render(container) {
    const work = h('div');
    const pick = h(
      'form',
      { class: 'console-form', 'aria-label': 'Person wählen' },
      textField({
        label: 'Person (Pseudonym-ID)',
        name: 'personId',
        required: true,
        pattern: UUID,
        value: currentPerson,
      }),
      h('div', { class: 'console-actions' }, button('Person wählen', { type: 'submit' })),
    );
    pick.addEventListener('submit', (event) => {
      event.preventDefault();
      currentPerson = formValues(pick).personId;
      drawWork();
    });
    const drawWork = () => {
      if (!currentPerson) return replaceChildren(work);
      const personId = currentPerson;
      replaceChildren(
        work,
        h('p', { class: 'kern-body' }, 'Gewählt: ', mono(personId)),
        reportSection(personId),
        restrictionSection(personId),
        erasureSection(personId),
      );
    };
    replaceChildren(container, pick, work);
    drawWork();
  },
};

function reportSection(personId: string) {
  const out = h('div');
  return section(
    'Auskunft (Art. 15 DSGVO)',
    paragraph(
      'Daten, Zwecke, Empfänger, Speicherdauer, Herkunft, Rechte und Beschwerdestelle; Beschäftigte erscheinen nur mit Rolle und Stelle.',
    ),
    h(
      'div',
      { class: 'console-actions' },
      button('Auskunft erstellen', {
        variant: 'secondary',
        onclick: async () => {
          replaceChildren(out, paragraph('Wird erstellt …'));
          const result = await api.subjectAccessReport(personId);
          if (!result.ok)
            return replaceChildren(
              out,
              failure(
                result,
                'Die Auskunft nach Art. 15 für die Datenschutzkoordination',
                'GET /api/v1/privacy/persons/{id}/report',
              ),
            );
          replaceChildren(
            out,
            h(
              'div',
              { class: 'console-actions' },
              button('Drucken', { variant: 'tertiary', onclick: () => window.print() }),
            ),
            genericView(result.data),
          );
        },
      }),
    ),
    out,
  );
}

function restrictionSection(personId: string) {
  const out = h('div');
  const form = h(
    'form',
    { class: 'console-form', 'aria-label': 'Einschränkung' },
    textArea({
      label: 'Begründung',
      name: 'reason',
      required: true,
      hint: 'Wird im Protokoll gespeichert: keine Namen oder Einzelheiten zur Person.',
    }),
  );
  const act = (lift: boolean) => async () => {
    if (!form.reportValidity()) return;
    const reason = formValues(form).reason ?? '';
    const result = lift ? await api.liftRestriction(personId, reason) : await api.restrict(personId, reason);
    const endpoint = `POST /api/v1/privacy/persons/{id}/${lift ? 'lift-restriction' : 'restrict'}`;
    replaceChildren(
      out,
      result.ok
        ? alert(
            'success',
            lift ? 'Einschränkung aufgehoben' : 'Verarbeitung eingeschränkt',
            lift
              ? 'Die Person kann wieder bearbeitet werden.'
              : 'Bis zur Aufhebung darf niemand die Daten ändern, übermitteln oder zuweisen; nur die Datenschutzkoordination liest (protokolliert).',
          )
        : failure(result, lift ? 'Das Aufheben einer Einschränkung' : 'Das Einschränken der Verarbeitung', endpoint),
    );
  };
  form.append(
    h(
      'div',
      { class: 'console-actions console-form__wide' },
      button('Verarbeitung einschränken', { onclick: act(false) }),
      button('Einschränkung aufheben', { variant: 'secondary', onclick: act(true) }),
    ),
  );
  return section('Einschränkung der Verarbeitung (Art. 18 DSGVO)', form, out);
}

function erasureSection(personId: string) {
  const out = h('div');
  const form = h(
    'form',
    { class: 'console-form', 'aria-label': 'Löschung beantragen' },
    textArea({
      label: 'Begründung',
      name: 'reason',
      required: true,
      hint: 'z. B. „Antrag der betroffenen Person vom 01.12.2026“',
    }),
    textField({ label: 'Antrags-Nr.', name: 'requestId', hint: 'Aus dem Antragsregister, falls vorhanden.' }),
    h('div', { class: 'console-actions console-form__wide' }, button('Löschung beantragen', { type: 'submit' })),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = formValues(form);
    const result = await api.requestErasure(personId, v.reason ?? '', v.requestId || undefined);
    if (result.ok) {
      return replaceChildren(
        out,
        alert(
          'success',
          'Löschung beantragt',
          `Löschvorgang ${result.data.erasureId}. Eine zweite Person (Datenschutzkoordination oder Teamleitung) muss die Löschung freigeben.`,
        ),
      );
    }
    if (result.status === 409) return replaceChildren(out, holdsExplained(result.body));
    replaceChildren(out, failure(result, 'Das Beantragen von Löschungen', 'POST /api/v1/privacy/persons/{id}/erasure'));
  });
  return section(
    'Löschung (Art. 17 DSGVO)',
    paragraph(
      'Die Löschung vernichtet die Schlüssel der Person (Crypto-Shredding); das Protokoll bleibt vollständig, ohne ihre Daten.',
    ),
    form,
    out,
  );
}

/** A 409 on erasure: which holds stand against it, and what they mean. */
function holdsExplained(body: unknown) {
  const holds = (body as { holds?: unknown } | undefined)?.holds;
  const list = Array.isArray(holds) ? holds : [];
  return alert(
    'warning',
    'Löschung derzeit nicht möglich: Aufbewahrungspflicht',
    'Der Löschung steht eine Pflicht entgegen, die Akte aufzubewahren. Solche Sperren entstehen nur aus eigenen Aufbewahrungspflichten des Kreises (von der Rechtsabteilung festgelegt) oder aus einem Prozess-Halt – nie daraus, dass Daten an das Jobcenter oder eine andere Stelle gingen (deren Aufbewahrungspflichten binden den Kreis nicht).',
    list.length
      ? h(
          'ul',
          { class: 'kern-list' },
          ...list.map((hold) => {
            const x = (hold ?? {}) as Record<string, unknown>;
            const parts = [
              x.label ?? x.kind ?? x.code,
              x.norm ? `(${String(x.norm)})` : '',
              x.until ? `bis ${formatDate(x.until)}` : '',
            ]
              .filter(Boolean)
              .join(' ');
            return h('li', {}, parts || JSON.stringify(hold));
          }),
        )
      : genericView(body),
    'Bis zum Ablauf der Frist kann die Verarbeitung eingeschränkt werden (Art. 17 Abs. 3, Art. 18 DSGVO); danach ist die Löschung erneut zu beantragen.',
  );
}

export const PRIVACY_PAGES: Page[] = [requestsPage, approvalsPage, personPage];
