// Same-origin calls to /api/v1 with the session cookie. Every write carries the CSRF header the
// server asks for; a 401 on a console call sends the operator to the sign-in page.

import { storedLocale } from '../i18n/i18n';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** An answer `{error: {code, message, details?}}`, or a failure to reach the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const API_PREFIX = '/api/v1';
export const CSRF_HEADER = 'x-songda-csrf';

/**
 * `/api/v1` + path + the query without its empty values. A path the server gave out whole
 * (`/api/v1/...`, e.g. a sheet's or a QR code's) is used as it is.
 */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  const base = path.startsWith(`${API_PREFIX}/`) ? path : `${API_PREFIX}${path}`;
  return qs ? `${base}${base.includes('?') ? '&' : '?'}${qs}` : base;
}

type UnauthorizedHandler = (next: string) => void;
let onUnauthorized: UnauthorizedHandler = (next) => window.location.assign(`/login?next=${encodeURIComponent(next)}`);

/** The router installs a handler that navigates without reloading the page. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data (file uploads). */
  form?: FormData;
  signal?: AbortSignal;
  /** Citizen pages and the session check: a 401 is the caller's to handle, not a redirect. */
  anonymous?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, options: RequestOptions, accept: string): Promise<Response> {
  // The server answers messages in the console's language (zh-CN unless English is chosen).
  const headers: Record<string, string> = { accept, 'accept-language': storedLocale() === 'en' ? 'en' : 'zh-CN' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.ok) return res;
  const error = await readError(res);
  if (res.status === 401 && !options.anonymous) onUnauthorized(window.location.pathname + window.location.search);
  throw error;
}

async function readError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (parsed.error && typeof parsed.error.message === 'string') {
      return new ApiError(res.status, String(parsed.error.code ?? res.status), parsed.error.message, parsed.error.details);
    }
  } catch {
    // Not JSON: a proxy or gateway answered. Its text, if short, is still the best message.
  }
  const message = text && text.length < 300 ? text : `HTTP ${res.status} ${res.statusText}`;
  return new ApiError(res.status, `http_${res.status}`, message);
}

/** A JSON answer (undefined for 204). */
export async function apiJson<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options, 'application/json');
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A file answer (PDF labels, sheets). */
export async function apiBlob(method: Method, path: string, options: RequestOptions = {}): Promise<Blob> {
  const res = await send(method, path, options, '*/*');
  return res.blob();
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiJson<T>('GET', path, options),
  post: <T>(path: string, options?: RequestOptions) => apiJson<T>('POST', path, options),
  put: <T>(path: string, options?: RequestOptions) => apiJson<T>('PUT', path, options),
  patch: <T>(path: string, options?: RequestOptions) => apiJson<T>('PATCH', path, options),
  delete: <T>(path: string, options?: RequestOptions) => apiJson<T>('DELETE', path, options),
};

/**
 * Opens a PDF the server makes (labels, QR sheets) in a new tab. The tab is opened before the request
 * so that browsers treat it as the click's own window, not a pop-up.
 */
export async function openPdf(method: Method, path: string, options: RequestOptions = {}): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await apiBlob(method, path, options);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    // The tab has loaded the document by then; the URL only holds memory.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab?.close();
    throw err;
  }
}
