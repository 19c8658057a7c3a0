// Server-Sent Events for live updates: `event: update` when a run gains data, `event: runs`
// when the run list or the warnings change. Slow clients are dropped rather than buffered
// without bound; a comment line every 15 s keeps proxies from closing idle streams.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS, sendJson } from './http_util.js';

const MAX_BUFFERED = 1 << 20;

export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly maxClients = 256, heartbeatMs = 15000) {
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number { return this.clients.size; }

  open(req: IncomingMessage, res: ServerResponse): void {
    if (this.clients.size >= this.maxClients) {
      sendJson(req, res, 503, { error: `too many live-update connections (${this.maxClients})` });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store',
      Connection: 'keep-alive', 'X-Accel-Buffering': 'no',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    res.on('close', drop);
    res.on('error', drop);
  }

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    for (const c of this.clients) {
      if (c.writableLength > MAX_BUFFERED) { c.destroy(); this.clients.delete(c); continue; }
      c.write(chunk);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
