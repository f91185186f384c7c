/**
 * The one way the frontend talks to the Dovetail API.
 *
 * Same-origin cookies carry the Django session; non-GET requests send the
 * `csrftoken` cookie back as X-CSRFToken. Every non-2xx answer becomes an
 * ApiError shaped like the backend's single error format:
 * `{message, code, errors: [{pointer, message}]}`.
 */

export interface ApiFieldError {
  /** JSON pointer to the offending input, e.g. "/password"; "" for the whole body. */
  pointer: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: ApiFieldError[];

  constructor(args: { status: number; message: string; code: string; errors?: ApiFieldError[] }) {
    super(args.message);
    this.name = 'ApiError';
    this.status = args.status;
    this.code = args.code;
    this.errors = args.errors ?? [];
  }

  /** True when the session is missing or expired (Django answers 403 to anonymous users). */
  get isUnauthenticated(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** The message for one field, by its pointer ("/password"), if the server sent one. */
  fieldMessage(pointer: string): string | undefined {
    return this.errors.find((e) => e.pointer === pointer)?.message;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): ApiFieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({
    pointer: typeof e.pointer === 'string' ? e.pointer : '',
    message: typeof e.message === 'string' ? e.message : String(e.message),
  }));
}

/**
 * Builds an ApiError from a status and a response body (already read as text).
 *
 * Accepts the project's `{message, code, errors}` shape, and falls back to DRF's
 * `{detail}` and to plain text, so a proxy's HTML error page still yields a readable error.
 */
export function apiErrorFromBody(status: number, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  const fallback = `Request failed with status ${status}`;
  if (!isRecord(body)) {
    return new ApiError({ status, message: fallback, code: `http_${status}` });
  }
  const message =
    typeof body.message === 'string' ? body.message : typeof body.detail === 'string' ? body.detail : fallback;
  const code = typeof body.code === 'string' ? body.code : `http_${status}`;
  return new ApiError({ status, message, code, errors: parseFieldErrors(body.errors) });
}

/** Reads one cookie by name; empty when absent (or outside a browser). */
export function readCookie(name: string): string {
  if (typeof document === 'undefined') return '';
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return '';
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  params?: QueryParams;
  signal?: AbortSignal;
}

/** Appends the params that have a value; null, undefined and '' are left out. */
export function withParams(url: string, params?: QueryParams): string {
  if (!params) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Turns a pagination link from the API (a full URL) into a same-origin path.
 *
 * The backend builds `next`/`previous` from the host it saw, which differs from the page's
 * origin behind the Vite dev proxy or a reverse proxy; the path and query are what matter.
 */
export function toApiPath(link: string): string {
  const base = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
  const url = new URL(link, base);
  return `${url.pathname}${url.search}`;
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie('csrftoken');
    if (token) headers['X-CSRFToken'] = token;
  }

  let response: Response;
  try {
    response = await fetch(withParams(url, options.params), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, message: 'Cannot reach the Dovetail server.', code: 'network_error' });
  }

  const text = await response.text();
  if (!response.ok) throw apiErrorFromBody(response.status, text);
  if (response.status === 204 || !text) return undefined as T;
  return JSON.parse(text) as T;
}

export const api = {
  get: <T>(url: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(url, { ...options, method: 'GET' }),
  post: <T>(url: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(url, { ...options, method: 'POST', body }),
  put: <T>(url: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(url, { ...options, method: 'PUT', body }),
  delete: <T>(url: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(url, { ...options, method: 'DELETE' }),
};
