// Helpers for the board server's tests: temporary log directories holding the TF fixtures,
// raw HTTP requests (fetch would normalize "../" away before sending), SSE reading.

import { request, type IncomingHttpHeaders } from 'node:http';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TF1_RUN = path.join(ROOT, 'test/fixtures/events/tf_run');
export const TF2_RUN = path.join(ROOT, 'test/fixtures/board/tf2_run');

export const tmpDir = (prefix = 'tg-board-'): string => mkdtempSync(path.join(tmpdir(), prefix));

/** A log directory with runs "tf1" (TF 1 fixture) and "nested/tf2" (TF 2 fixture). */
export function fixtureLogdir(): string {
  const dir = tmpDir();
  cpSync(TF1_RUN, path.join(dir, 'tf1'), { recursive: true });
  cpSync(TF2_RUN, path.join(dir, 'nested', 'tf2'), { recursive: true });
  return dir;
}

export interface Raw { status: number; headers: IncomingHttpHeaders; body: Buffer; json(): any }

/** Sends `path` exactly as given (no URL normalization). */
export function rawGet(port: number, target: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: opts.method ?? 'GET', headers: opts.headers }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString()) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads Server-Sent Events from `url` until `until` returns true for one, or `ms` pass. */
export async function sseUntil(url: string, until: (event: string, data: any) => boolean, ms: number, onOpen?: () => void | Promise<void>): Promise<{ event: string; data: any; after: number } | null> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  let start = 0;
  try {
    const res = await fetch(url, { signal: ctl.signal });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    start = performance.now();
    if (onOpen) await onOpen();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined && until(event, JSON.parse(data))) {
          return { event, data: JSON.parse(data), after: performance.now() - start };
        }
      }
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') return null;
    throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
}

export const getJson = async (url: string): Promise<any> => {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(`${url}: ${r.status} ${JSON.stringify(body)}`);
  return body;
};
