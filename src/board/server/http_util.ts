// Request parsing and response helpers shared by the board's routes: a strict split of the
// request target into decoded path segments (traversal refused with 403), query parameters
// validated into 400s, and security headers on every response.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error with the HTTP status it answers with. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export interface Target { segments: string[]; query: URLSearchParams }

const BAD_PERCENT = /%(?![0-9a-fA-F]{2})/;

/**
 * Splits a request target ("/api/scalars?run=a") into decoded path segments and the query.
 * Absolute-form targets, malformed percent-encoding and NUL bytes are 400s; a segment that is
 * "..", "." or decodes to something holding a slash or backslash is a 403 (a traversal attempt).
 */
export function parseTarget(url: string): Target {
  if (!url.startsWith('/')) throw new HttpError(400, 'the request target must be a path starting with /');
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  if (BAD_PERCENT.test(rawPath) || BAD_PERCENT.test(rawQuery)) throw new HttpError(400, 'malformed percent-encoding in the request');
  const segments = rawPath.slice(1).split('/').map(s => {
    let d: string;
    try { d = decodeURIComponent(s); } catch { throw new HttpError(400, 'malformed percent-encoding in the path'); }
    if (d.includes('\0')) throw new HttpError(400, 'NUL byte in the path');
    if (d === '..' || d === '.' || d.includes('/') || d.includes('\\')) throw new HttpError(403, 'path outside the served directories');
    return d;
  });
  let query: URLSearchParams;
  try { query = new URLSearchParams(rawQuery); } catch { throw new HttpError(400, 'malformed query string'); }
  return { segments, query };
}

const MAX_PARAM = 4096;

/** A query parameter given at most once; `required` ones must be non-empty. */
export function param(q: URLSearchParams, name: string, required: true): string;
export function param(q: URLSearchParams, name: string, required?: false): string | undefined;
export function param(q: URLSearchParams, name: string, required = false): string | undefined {
  const all = q.getAll(name);
  if (all.length > 1) throw new HttpError(400, `parameter '${name}' is given more than once`);
  const v = all[0];
  if (v === undefined) {
    if (required) throw new HttpError(400, `missing parameter '${name}'`);
    return undefined;
  }
  if (v === '') throw new HttpError(400, `parameter '${name}' is empty`);
  if (v.length > MAX_PARAM) throw new HttpError(400, `parameter '${name}' is longer than ${MAX_PARAM} characters`);
  if (v.includes('\0')) throw new HttpError(400, `parameter '${name}' holds a NUL byte`);
  return v;
}

/** An integer query parameter in [min, max] (decimal digits only), or `dflt` when absent. */
export function intParam(q: URLSearchParams, name: string, dflt: number | undefined, min: number, max: number): number {
  const v = dflt === undefined ? param(q, name, true) : param(q, name);
  if (v === undefined) return dflt!;
  const n = /^[0-9]{1,10}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new HttpError(400, `parameter '${name}' must be an integer from ${min} to ${max}, got ${JSON.stringify(v.slice(0, 40))}`);
  return n;
}

/** Headers every response carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The page's Content-Security-Policy: scripts only from the board itself, no inline script or eval. */
export const PAGE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "media-src 'self' blob:", "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'none'",
  "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

export function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(buf.length), ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/** JSON.stringify, with NaN and infinities as the strings "NaN", "Infinity", "-Infinity". */
export function toJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', typeof body === 'string' ? body : toJson(body), { 'Cache-Control': 'no-store' });
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether `host` (what the server binds) is a loopback address. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * On a loopback server, the Host header must name a loopback host too: a page on another site
 * that points its own name at 127.0.0.1 (DNS rebinding) gets a 403 instead of the data.
 */
export function hostAllowed(hostHeader: string | undefined, allowed: Set<string> | null): boolean {
  if (!allowed || hostHeader === undefined) return true;
  const h = hostHeader.toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  return allowed.has(name) || /^127\.\d+\.\d+\.\d+$/.test(name) || name.endsWith('.localhost');
}

export { LOOPBACK_NAMES };
