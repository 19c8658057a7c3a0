// Security of the board's server: paths outside the log directory or the page's directory
// (../, %2e%2e, encoded slashes, absolute paths, symbolic links pointing out) get 403s;
// foreign Host headers (DNS rebinding) get 403s; only GET and HEAD; security headers.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import * as path from 'node:path';
import { startBoard, type Board } from '../../src/board/server/index.js';
import { ROOT, TF1_RUN, rawGet, tmpDir } from './server_helpers.js';

let board: Board;
let dir: string, outside: string, staticDir: string;

before(async () => {
  dir = tmpDir();
  outside = tmpDir('tg-board-outside-');
  staticDir = tmpDir('tg-board-static-');
  cpSync(TF1_RUN, path.join(dir, 'inside'), { recursive: true });
  // a run outside the log directory, reachable only through a symbolic link
  cpSync(TF1_RUN, path.join(outside, 'secret_run'), { recursive: true });
  writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
  symlinkSync(path.join(outside, 'secret_run'), path.join(dir, 'link_out'));
  symlinkSync(path.join(dir, 'inside'), path.join(dir, 'link_in'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
  writeFileSync(path.join(staticDir, 'app.js'), 'export {};');
  mkdirSync(path.join(staticDir, 'sub'));
  writeFileSync(path.join(staticDir, 'sub', 'x.css'), 'body{}');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(staticDir, 'leak.js'));
  board = await startBoard({ logdir: dir, port: 0, staticDir });
  await board.data.indexed;
});
after(async () => {
  await board.close();
  for (const d of [dir, outside, staticDir]) rmSync(d, { recursive: true, force: true });
});

test('symbolic links: followed inside the log directory (each directory once), refused and reported when they point out', async () => {
  const r = (await rawGet(board.port, '/api/runs')).json();
  assert.equal(r.runs.length, 1);
  assert.ok(['inside', 'link_in'].includes(r.runs[0].name), r.runs[0].name);
  assert.deepEqual(r.warnings, [{ file: 'link_out', message: 'symbolic link to a path outside the log directory; not followed' }]);
  for (const p of ['/api/scalars?run=link_out&tag=train/loss', '/api/graph?run=link_out', '/api/images?run=link_out/../link_out&tag=x']) {
    const res = await rawGet(board.port, p);
    assert.equal(res.status, 403, p);
    assert.doesNotMatch(res.body.toString(), /secret|tmp/);
  }
  assert.equal((await rawGet(board.port, `/api/scalars?run=${r.runs[0].name}&tag=train/loss`)).status, 200);
});

test('run names that climb out of the log directory or are absolute get 403', async () => {
  const runs = ['..', '../', '../..', '../../etc', 'inside/../..', '..%2F..%2Fetc', '%2e%2e', '%2e%2e%2f%2e%2e', '/etc', '%2Fetc%2Fpasswd',
    encodeURIComponent(outside), encodeURIComponent(path.join(outside, 'secret_run')), '..\\..\\windows', 'C:%5CWindows', '%5C%5Cserver%5Cshare'];
  for (const run of runs) {
    for (const route of ['scalars', 'histograms', 'images', 'audio', 'text']) {
      const res = await rawGet(board.port, `/api/${route}?run=${run}&tag=train/loss`);
      assert.equal(res.status, 403, `${route} run=${run}: ${res.body}`);
      assert.match(res.json().error, /outside the log directory/);
    }
    assert.equal((await rawGet(board.port, `/api/graph?run=${run}`)).status, 403, run);
    assert.equal((await rawGet(board.port, `/api/image?run=${run}&tag=x&index=0`)).status, 403, run);
  }
});

test('static paths that climb out of the page directory get 403, whatever the encoding', async () => {
  const targets = ['/static/../package.json', '/static/../../package.json', '/static/%2e%2e/%2e%2e/package.json', '/static/%2E%2E/secret.txt',
    '/static/..%2f..%2fpackage.json', '/static/..%2F..%2Fetc%2Fpasswd', '/static/%2fetc%2fpasswd', '/static/..%5c..%5cpackage.json',
    '/static/sub/../../x', '/static/./app.js', '/vendor/../package.json', '/vendor/elkjs/../../package.json', '/vendor/%2e%2e/package.json',
    '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/static/leak.js'];
  for (const t of targets) {
    const res = await rawGet(board.port, t);
    assert.equal(res.status, 403, `${t}: ${res.status} ${res.body}`);
    assert.doesNotMatch(res.body.toString(), /top secret|"name"|root:/);
  }
  // absolute paths under /static are just names inside it: not found, never the file
  for (const t of ['/static//etc/passwd', '/static/etc/passwd', '/vendor/etc/passwd', '/vendor/elkjs/package.json']) {
    assert.equal((await rawGet(board.port, t)).status, 404, t);
  }
  assert.equal((await rawGet(board.port, '/static/sub/x.css')).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await rawGet(board.port, '/static/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
});

test('malformed targets get 400: bad percent-encoding, NUL bytes, absolute-form URLs', async () => {
  for (const t of ['/static/%zz', '/static/%E0%A4%A', '/static/a%00.js', '/api/scalars?run=%&tag=x', 'http://example.com/api/runs']) {
    assert.equal((await rawGet(board.port, t)).status, 400, t);
  }
});

test('only GET and HEAD; HEAD has headers and no body', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const res = await rawGet(board.port, '/api/runs', { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD');
  }
  const head = await rawGet(board.port, '/api/runs', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.ok(Number(head.headers['content-length']) > 0);
});

test('a foreign Host header (DNS rebinding) is refused on a loopback server', async () => {
  for (const host of ['evil.example', 'evil.example:80', `attacker.com:${board.port}`, '192.168.1.10']) {
    const res = await rawGet(board.port, '/api/runs', { headers: { Host: host } });
    assert.equal(res.status, 403, host);
  }
  for (const host of [`localhost:${board.port}`, `127.0.0.1:${board.port}`, `[::1]:${board.port}`, 'LOCALHOST', 'app.localhost']) {
    assert.equal((await rawGet(board.port, '/api/runs', { headers: { Host: host } })).status, 200, host);
  }
});

test('security headers: nosniff everywhere, a strict Content-Security-Policy on the page, no CORS', async () => {
  const page = await rawGet(board.port, '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-eval/);
  for (const p of ['/', '/api/runs', '/api/nothing', '/static/app.js']) {
    const res = await rawGet(board.port, p, { headers: { Origin: 'http://evil.example' } });
    assert.equal(res.headers['x-content-type-options'], 'nosniff', p);
    assert.equal(res.headers['access-control-allow-origin'], undefined, p);
  }
});

test('binds to loopback by default', async () => {
  const d = tmpDir();
  try {
    const b = await startBoard({ logdir: d, port: 0 });
    assert.equal(b.host, '127.0.0.1');
    assert.match(b.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await b.close();
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('the page, its files and the whitelisted vendor files are served from the package', async (t) => {
  const { defaultStaticDir, VENDOR_FILES } = await import('../../src/board/server/index.js');
  const { existsSync, readFileSync } = await import('node:fs');
  const d = tmpDir();
  const b = await startBoard({ logdir: d, port: 0 });
  try {
    const staticDir = defaultStaticDir();
    assert.equal(staticDir, path.join(path.resolve(ROOT), 'src', 'board', 'static'));
    if (existsSync(path.join(staticDir, 'index.html'))) {
      const page = await rawGet(b.port, '/');
      assert.equal(page.status, 200);
      assert.deepEqual(page.body, readFileSync(path.join(staticDir, 'index.html')));
    } else t.diagnostic('src/board/static/index.html is not written yet');
    for (const f of VENDOR_FILES) {
      const res = await rawGet(b.port, `/vendor/${f}`);
      if (!existsSync(path.join(ROOT, 'node_modules', f))) { t.diagnostic(`${f} not installed`); continue; }
      assert.equal(res.status, 200, f);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    }
    assert.equal((await rawGet(b.port, '/vendor/elkjs/lib/main.js')).status, 404);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});
