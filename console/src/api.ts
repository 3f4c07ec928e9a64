/**
 * The console's only way to the API: every path it calls is in this file, so a path that changes
 * (the v2 endpoints of product.md section 3 are being built in parallel) is adjusted here once.
 *
 * - The session cookie is the credential (httpOnly: this code never sees it); state-changing requests
 *   carry the session's CSRF token, which lives in memory only (never in browser storage).
 * - Every request names the console page in X-Console-Page, so the access log records it.
 * - Person ids travel in request bodies or, where the contract puts them there, in the path of an API
 *   call; never in the address bar, a query string, a link or browser storage.
 * - A 404 of the router ("Cannot GET …") means the endpoint does not exist yet: `notAvailable`, and the
 *   page says so in German instead of showing anything made up.
 */
const API = '/api/v1';

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false;
      status: number;
      /** The endpoint is not served (yet). */
      notAvailable: boolean;
      message: string;
      reasons?: string[];
      body?: unknown;
    };

export interface SessionInfo {
  signedIn: boolean;
  user?: { sub: string; name?: string; roles: string[]; agency: string };
  csrfToken?: string;
  via?: 'login-link' | 'oidc';
  idleMinutes?: number;
  expiresAt?: string;
  signIn?: { oidc?: string; loginLink?: string };
  redirect?: string;
}

let csrfToken: string | undefined;
let currentPage = '/console';
/** Called when the API answers 401 to a console request: the session has ended. */
let onSessionEnded: () => void = () => undefined;

export const setPage = (page: string) => void (currentPage = page);
export const setSessionEndedHandler = (handler: () => void) => void (onSessionEnded = handler);

type Method = 'GET' | 'POST' | 'PUT';

async function call<T>(
  method: Method,
  path: string,
  options: { body?: unknown; accept?: string; prefix?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    accept: options.accept ?? 'application/json',
    'x-console-page': currentPage,
  };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${options.prefix ?? API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, notAvailable: false, message: 'Der Server ist nicht erreichbar.' };
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('application/json')
    ? await response.json().catch(() => undefined)
    : await response.text();
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  const error = (body ?? {}) as { message?: unknown; reasons?: unknown };
  const message =
    response.status === 429
      ? tooManyRequests(response.headers.get('retry-after'))
      : Array.isArray(error.message)
        ? error.message.join('; ')
        : String(error.message ?? response.statusText);
  if (response.status === 401 && (options.prefix ?? API) === API) onSessionEnded();
  return {
    ok: false,
    status: response.status,
    notAvailable: response.status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(message),
    message,
    ...(Array.isArray(error.reasons) ? { reasons: error.reasons.map(String) } : {}),
    body,
  };
}

/** The limiter answers in English; people read German (Retry-After is in seconds). */
function tooManyRequests(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 0
    ? `Zu viele Anfragen in kurzer Zeit. Bitte in ${seconds} Sekunden erneut versuchen.`
    : 'Zu viele Anfragen in kurzer Zeit. Bitte gleich erneut versuchen.';
}

const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
};
const id = encodeURIComponent;

// --- session (the console's own edge, src/console) -------------------------------------------------
export async function session(): Promise<ApiResult<SessionInfo>> {
  const result = await call<SessionInfo>('GET', '/sitzung', { prefix: '/console' });
  if (result.ok) csrfToken = result.data.csrfToken;
  return result;
}
export async function redeemLoginLink(ticket: string): Promise<ApiResult<SessionInfo>> {
  const result = await call<SessionInfo>('POST', '/sitzung/link', { prefix: '/console', body: { ticket } });
  if (result.ok) csrfToken = result.data.csrfToken;
  return result;
}
export async function logout(): Promise<ApiResult<SessionInfo>> {
  const result = await call<SessionInfo>('POST', '/sitzung/abmelden', { prefix: '/console', body: {} });
  csrfToken = undefined;
  return result;
}

// --- DPO: audit --------------------------------------------------------------------------------------
export interface TrailFilter {
  personId?: string;
  actor?: string;
  agency?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
}
export interface TrailEntry {
  entryId: string;
  at: string;
  action: string;
  personId: string | null;
  actorSub: string;
  actorRole: string;
  actorAgency: string;
  purpose: string | null;
  details: Record<string, unknown>;
}
/** POST, so a person id filter never stands in a URL (src/audit/audit-trail.controller.ts). */
export const auditTrail = (filter: TrailFilter) =>
  call<{ items: TrailEntry[]; nextCursor?: string }>('POST', '/audit/trail/search', { body: filter });
export const auditTrailCsv = (filter: TrailFilter) =>
  call<string>('POST', '/audit/trail/search', { body: { ...filter, format: 'csv' }, accept: 'text/csv' });

export const anomalies = (params: { kind?: string; from?: string; to?: string }) =>
  call<{ counts: Record<string, number>; anomalies: Record<string, unknown>[]; settings?: Record<string, unknown> }>(
    'GET',
    `/audit/anomalies${query(params)}`,
  );
/** v2 (product section 3: "anomalies can be marked reviewed with a note"); path assumed, see docs/console.md. */
export const reviewAnomaly = (eventId: string, note: string) =>
  call<unknown>('POST', `/audit/anomalies/${id(eventId)}/review`, { body: { note } });
export const verify = () => call<Record<string, unknown>>('GET', '/audit/verify');
export const checkpoints = () => call<unknown>('GET', '/audit/checkpoints');
export const recordOfProcessing = () => call<unknown>('GET', '/audit/record-of-processing');
/** Art. 33 breach register: not in product section 3 yet; path assumed, see docs/console.md. */
export const breaches = () => call<unknown>('GET', '/audit/breaches');

// --- privacy officer (v2) ---------------------------------------------------------------------------
export const privacyRequests = () => call<unknown>('GET', '/privacy/requests');
export const registerPrivacyRequest = (body: { personId: string; kind: string; receivedOn: string; channel: string }) =>
  call<{ requestId: string; dueOn?: string }>('POST', '/privacy/requests', { body });
export const subjectAccessReport = (personId: string) =>
  call<unknown>('GET', `/privacy/persons/${id(personId)}/report`);
export const restrict = (personId: string, reason: string) =>
  call<unknown>('POST', `/privacy/persons/${id(personId)}/restrict`, { body: { reason } });
export const liftRestriction = (personId: string, reason: string) =>
  call<unknown>('POST', `/privacy/persons/${id(personId)}/lift-restriction`, { body: { reason } });
export const requestErasure = (personId: string, reason: string, requestId?: string) =>
  call<{ erasureId: string; status: string; holds?: unknown }>('POST', `/privacy/persons/${id(personId)}/erasure`, {
    body: { reason, ...(requestId ? { requestId } : {}) },
  });
/** Erasures requested and waiting for a second person (four eyes, product rule 8). */
export const erasuresAwaitingApproval = () =>
  call<unknown>('GET', `/privacy/erasures${query({ status: 'awaiting-approval' })}`);
export const approveErasure = (erasureId: string) =>
  call<{ status: string }>('POST', `/privacy/erasures/${id(erasureId)}/approve`, { body: {} });

// --- catalogue: German labels of the county's codes (agencies, data categories), fetched once ---------
export interface CatalogueLabels {
  agency(code: unknown): string;
  category(code: unknown): string;
  /** A row of the legal-basis matrix by its norm, e.g. "§ 71 Abs. 2 SGB X". */
  basis(code: unknown): string;
}
let labels: Promise<CatalogueLabels> | undefined;
export function catalogueLabels(): Promise<CatalogueLabels> {
  type Catalogue = { agencies?: CodeLabel[]; dataCategories?: CodeLabel[]; bases?: { code: string; norm: string }[] };
  labels ??= call<Catalogue>('GET', '/catalogue').then((result) => {
    // Without the catalogue the code itself is shown: it is still the truth, only less readable.
    if (!result.ok) labels = undefined;
    const of = (list: CodeLabel[] | undefined) => {
      const map = new Map((list ?? []).map((e) => [e.code, e.label]));
      return (code: unknown) => map.get(String(code)) ?? String(code ?? '–');
    };
    const data: Catalogue = result.ok ? result.data : {};
    const bases = (data.bases ?? []).map((b) => ({ code: b.code, label: b.norm }));
    return { agency: of(data.agencies), category: of(data.dataCategories), basis: of(bases) };
  });
  return labels;
}
interface CodeLabel {
  code: string;
  label: string;
}

// --- team lead ----------------------------------------------------------------------------------------
export const transfersAwaitingApproval = () =>
  call<{ items: Record<string, unknown>[] }>('GET', `/transfers${query({ status: 'awaiting-approval' })}`);
export const approveTransfer = (transferId: string) =>
  call<unknown>('POST', `/transfers/${id(transferId)}/approve`, { body: {} });
export const rejectTransfer = (transferId: string, reason: string) =>
  call<unknown>('POST', `/transfers/${id(transferId)}/reject`, { body: { reason } });
export const staff = () => call<unknown>('GET', '/staff');
export const putStaff = (caseworkerId: string, body: { provider: string; fte: number; baustein: number }) =>
  call<unknown>('PUT', `/staff/${id(caseworkerId)}`, { body });
export const deputyGrants = () => call<unknown>('GET', '/deputy-grants');
export const grantDeputy = (body: {
  caseworkerId: string;
  personId?: string;
  caseId?: string;
  until: string;
  reason: string;
}) => call<unknown>('POST', '/deputy-grants', { body });
export const caseload = () =>
  call<{ limit: number; caseworkers: { caseworkerId: string; active: number; limit: number; utilisation: number }[] }>(
    'GET',
    '/caseload',
  );
/** Waiting list: open cases nobody is assigned to (v2 `GET /cases`, paged; the filter value is assumed). */
export const waitingList = () => call<unknown>('GET', `/cases${query({ assignee: 'none', status: 'open' })}`);

/** Lists come as `{ items }` or as an array; anything else is no list. */
export function itemsOf(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data as Record<string, unknown>[];
  if (data && typeof data === 'object') {
    for (const key of ['items', 'requests', 'staff', 'grants', 'checkpoints', 'breaches', 'cases', 'transfers']) {
      const value = (data as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as Record<string, unknown>[];
    }
  }
  return [];
}
