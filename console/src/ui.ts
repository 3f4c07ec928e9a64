import type { ApiResult } from './api.js';
import { h, uniqueId, type Child } from './dom.js';

/** KERN UX components as the console uses them (markup as in @kern-ux/native's documentation). */
export type AlertKind = 'info' | 'success' | 'warning' | 'danger';

export function alert(kind: AlertKind, title: string, ...body: Child[]): HTMLElement {
  return h(
    'div',
    { class: `kern-alert kern-alert--${kind}`, role: kind === 'danger' || kind === 'warning' ? 'alert' : 'status' },
    h(
      'div',
      { class: 'kern-alert__header' },
      h('span', { class: `kern-icon kern-icon--${kind}`, 'aria-hidden': 'true' }),
      h('span', { class: 'kern-title' }, title),
    ),
    h(
      'div',
      { class: 'kern-alert__body' },
      ...body.map((b) => (typeof b === 'string' ? h('p', { class: 'kern-body' }, b) : b)),
    ),
  );
}

/** The German notice for an API function that the service does not offer yet (a 404 of the router). */
export function notAvailable(what: string, endpoint: string): HTMLElement {
  return alert(
    'info',
    'Noch nicht verfügbar',
    `${what} ist in dieser Version der KIM-API noch nicht verfügbar.`,
    h(
      'p',
      { class: 'kern-body kern-body--small' },
      'Schnittstelle: ',
      h('code', {}, endpoint),
      '. Sobald sie bereitsteht, erscheint die Funktion hier ohne weitere Änderung.',
    ),
  );
}

/** The alert for a failed call: "not available" for a missing endpoint, otherwise the API's message. */
export function failure(
  result: Extract<ApiResult<unknown>, { ok: false }>,
  what: string,
  endpoint: string,
): HTMLElement {
  if (result.notAvailable) return notAvailable(what, endpoint);
  const title =
    result.status === 403
      ? 'Keine Berechtigung'
      : result.status === 404
        ? 'Nicht gefunden'
        : result.status === 409
          ? 'Konflikt'
          : result.status === 422
            ? 'Nicht zulässig'
            : result.status === 400
              ? 'Eingabe prüfen'
              : 'Fehler';
  return alert(
    result.status >= 500 || result.status === 0 ? 'danger' : 'warning',
    title,
    `${what}: ${result.message}`,
    result.reasons?.length ? h('ul', { class: 'kern-list' }, ...result.reasons.map((r) => h('li', {}, r))) : null,
  );
}

export function button(
  text: string,
  options: {
    variant?: 'primary' | 'secondary' | 'tertiary';
    type?: 'button' | 'submit';
    onclick?: () => void;
    describedBy?: string;
  } = {},
) {
  return h(
    'button',
    {
      class: `kern-btn kern-btn--${options.variant ?? 'primary'}`,
      type: options.type ?? 'button',
      ...(options.onclick ? { onclick: options.onclick } : {}),
      ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
    },
    h('span', { class: 'kern-label' }, text),
  );
}

interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  hint?: string;
  required?: boolean;
  value?: string;
  pattern?: string;
  autocomplete?: string;
  wide?: boolean;
  min?: string;
  max?: string;
  step?: string;
}

export function textField(options: FieldOptions): HTMLElement {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: `kern-form-input${options.wide ? ' console-form__wide' : ''}` },
    h(
      'label',
      { class: 'kern-label', for: id },
      options.label,
      options.required ? null : h('span', { class: 'kern-label__optional' }, ' – optional'),
    ),
    options.hint ? h('div', { class: 'kern-hint', id: hintId }, options.hint) : null,
    h('input', {
      class: 'kern-form-input__input',
      id,
      name: options.name,
      type: options.type ?? 'text',
      value: options.value,
      required: options.required,
      pattern: options.pattern,
      min: options.min,
      max: options.max,
      step: options.step,
      autocomplete: options.autocomplete ?? 'off',
      spellcheck: 'false',
      'aria-describedby': hintId,
    }),
  );
}

export function textArea(options: FieldOptions): HTMLElement {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: 'kern-form-input console-form__wide' },
    h('label', { class: 'kern-label', for: id }, options.label),
    options.hint ? h('div', { class: 'kern-hint', id: hintId }, options.hint) : null,
    h('textarea', {
      class: 'kern-form-input__input',
      id,
      name: options.name,
      required: options.required,
      rows: 3,
      'aria-describedby': hintId,
    }),
  );
}

export function selectField(options: {
  label: string;
  name: string;
  choices: [string, string][];
  value?: string;
  hint?: string;
  required?: boolean;
}): HTMLElement {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: 'kern-form-input' },
    h('label', { class: 'kern-label', for: id }, options.label),
    options.hint ? h('div', { class: 'kern-hint', id: hintId }, options.hint) : null,
    h(
      'div',
      { class: 'kern-form-input__select-wrapper' },
      h(
        'select',
        {
          class: 'kern-form-input__select',
          id,
          name: options.name,
          required: options.required,
          'aria-describedby': hintId,
        },
        ...options.choices.map(([value, text]) =>
          h('option', { value, selected: value === (options.value ?? '') }, text),
        ),
      ),
    ),
  );
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Child;
  numeric?: boolean;
}

export function table<T>(caption: string, columns: Column<T>[], rows: T[]): HTMLElement {
  return h(
    'div',
    { class: 'console-table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'kern-table kern-table--striped kern-table--small' },
      h('caption', { class: 'kern-title' }, caption),
      h(
        'thead',
        { class: 'kern-table__head' },
        h(
          'tr',
          { class: 'kern-table__row' },
          ...columns.map((c) =>
            h(
              'th',
              { class: `kern-table__header${c.numeric ? ' kern-table__header--numeric' : ''}`, scope: 'col' },
              c.title,
            ),
          ),
        ),
      ),
      h(
        'tbody',
        { class: 'kern-table__body' },
        ...rows.map((row) =>
          h(
            'tr',
            { class: 'kern-table__row' },
            ...columns.map((c) =>
              h('td', { class: `kern-table__cell${c.numeric ? ' kern-table__cell--numeric' : ''}` }, c.cell(row)),
            ),
          ),
        ),
      ),
    ),
  );
}

export function badge(kind: AlertKind, text: string): HTMLElement {
  return h('span', { class: `kern-badge kern-badge--${kind}` }, h('span', { class: 'kern-label' }, text));
}

export const mono = (text: unknown) =>
  h('span', { class: 'console-mono' }, text === null || text === undefined ? '–' : String(text));

/** A value of unknown shape (a v2 answer whose fields the console does not know yet) as a description list. */
export function genericView(value: unknown, depth = 0): Child {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'keine Einträge';
    if (depth > 3) return `${value.length} Einträge`;
    return h('ol', { class: 'kern-list' }, ...value.map((v) => h('li', {}, genericView(v, depth + 1))));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return h(
    'dl',
    { class: 'console-generic' },
    ...entries.flatMap(([k, v]) => [
      h('dt', {}, k),
      h('dd', {}, depth > 3 ? JSON.stringify(v) : genericView(v, depth + 1)),
    ]),
  );
}

/** Says something to screen reader users without moving focus (the live region of index.html). */
export function announce(message: string): void {
  const region = document.getElementById('meldungen');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => (region.textContent = message), 50);
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value.trim();
  });
  return values;
}

export const section = (title: string, ...children: Child[]) => {
  const id = uniqueId('abschnitt');
  return h('section', { 'aria-labelledby': id }, h('h2', { class: 'kern-heading-medium', id }, title), ...children);
};

export const paragraph = (...children: Child[]) => h('p', { class: 'kern-body' }, ...children);
