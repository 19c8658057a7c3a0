// The board's HTTP server (node:http): routes, the security checks every request passes
// (loopback Host names on a loopback server, traversal refused, only GET and HEAD), and
// startBoard() which validates the log directory, listens, and starts reading.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api } from './api.js';
import { HttpError, LOOPBACK_NAMES, PAGE_CSP, hostAllowed, isLoopback, parseTarget, send, sendJson } from './http_util.js';
import { LogdirData, resolveLogdir, type LogdirDataOptions } from './logdir_data.js';
import { SseHub } from './sse.js';
import { contentType, defaultStaticDir, readInside, vendorFile } from './static_files.js';

export interface BoardOptions extends LogdirDataOptions {
  /** The log directory to serve. */
  logdir: string;
  /** Port to listen on; 0 picks a free one. Default 6006. */
  port?: number;
  /** Address to bind. Default '127.0.0.1' (loopback only). */
  host?: string;
  /** Where the page's files are. Default: src/board/static of the package. */
  staticDir?: string;
  /** Host header names accepted besides loopback ones when bound to loopback. */
  allowedHosts?: string[];
  /** Most simultaneous live-update (SSE) connections. Default 256. */
  maxEventStreams?: number;
}

/** A running board. */
export interface Board {
  /** e.g. http://127.0.0.1:6006/ */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The log directory, resolved. */
  readonly logdir: string;
  readonly server: Server;
  readonly data: LogdirData;
  /** Stops reading, ends live-update streams and closes the server. */
  close(): Promise<void>;
}

function handler(data: LogdirData, hub: SseHub, staticDir: string, allowed: Set<string> | null) {
  const api = new Api(data);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (!hostAllowed(req.headers.host, allowed)) throw new HttpError(403, `unexpected Host header '${req.headers.host}' (the board answers to localhost / 127.0.0.1 only)`);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, 'application/json; charset=utf-8', JSON.stringify({ error: `method ${req.method} not allowed` }), { Allow: 'GET, HEAD' });
        return;
      }
      const { segments, query } = parseTarget(req.url ?? '/');
      const [first, ...rest] = segments;
      if (segments.length === 1 && (first === '' || first === 'index.html')) {
        const { body } = await readInside(staticDir, ['index.html']);
        send(req, res, 200, 'text/html; charset=utf-8', body, { 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-cache' });
      } else if (first === 'static') {
        const { file, body } = await readInside(staticDir, rest);
        const extra: Record<string, string> = { 'Cache-Control': 'no-cache' };
        if (file.endsWith('.html')) extra['Content-Security-Policy'] = PAGE_CSP;
        send(req, res, 200, contentType(file), body, extra);
      } else if (first === 'vendor') {
        const file = vendorFile(rest);
        let body: Buffer;
        try { body = await readFile(file); } catch { throw new HttpError(404, `${rest.join('/')} is not installed`); }
        send(req, res, 200, contentType(file), body, { 'Cache-Control': 'max-age=3600' });
      } else if (first === 'api' && rest.length === 1 && rest[0] === 'events') {
        hub.open(req, res);
      } else if (first === 'api' && rest.length === 1) {
        await api.handle(req, res, rest[0], query);
      } else {
        throw new HttpError(404, 'not found');
      }
    } catch (e) {
      if (res.headersSent) { res.destroy(); return; }
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof HttpError ? e.message : `internal error: ${(e as Error).message}`;
      sendJson(req, res, status, { error: message });
    }
  };
}

/**
 * Starts the board on `logdir`: resolves once listening. Throws (rejects) with a clear message
 * when the log directory is missing (code ENOENT / ENOTDIR) or the port is taken (EADDRINUSE).
 *
 * ```ts
 * const board = await startBoard({ logdir: '/tmp/logs', port: 0 });
 * console.log(board.url);   // http://127.0.0.1:<port>/
 * await board.close();
 * ```
 */
export async function startBoard(opts: BoardOptions): Promise<Board> {
  const logdir = resolveLogdir(opts.logdir);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 6006;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid port ${port}: use an integer from 0 to 65535.`);
  const allowed = isLoopback(host) ? new Set([...LOOPBACK_NAMES, ...(opts.allowedHosts ?? []).map(h => h.toLowerCase())]) : null;
  const hub = new SseHub(opts.maxEventStreams ?? 256);
  // bounded time to send a request and a bounded number of sockets: slow or piled-up clients
  // cannot hold the server's memory
  const server = createServer({ keepAliveTimeout: 5000, headersTimeout: 20000, requestTimeout: 30000 });
  server.maxConnections = 2048;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(Object.assign(new Error(`Port ${port} is already in use on ${host}; pass another --port (or --port 0 for any free port).`), { code: e.code }));
      else if (e.code === 'EACCES') reject(Object.assign(new Error(`Not allowed to listen on ${host}:${port} (${e.message}).`), { code: e.code }));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(Object.assign(new Error(`Cannot listen on host '${host}' (${e.code}).`), { code: e.code }));
      else reject(e);
    };
    const onListening = () => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  const data = new LogdirData(logdir, opts);
  data.on('update', (run: string, kinds: string[]) => hub.send('update', { run, kinds }));
  data.on('runs', (runs: string[]) => hub.send('runs', { runs }));
  const h = handler(data, hub, opts.staticDir ?? defaultStaticDir(), allowed);
  server.on('request', (req, res) => { void h(req, res); });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${addr.port}/`, host: addr.address, port: addr.port, logdir, server, data,
    close() {
      closed ??= new Promise<void>(resolve => {
        data.stop();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
