// The `tensorgraph` command: `tensorgraph board --logdir DIR [--port N] [--host H]` prints the
// URL and serves; --help; clear errors (exit 2 for usage, 1 for a missing log directory or a
// port in use); Ctrl+C stops it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, getJson, fixtureLogdir, tmpDir } from './server_helpers.js';

const CLI = path.join(ROOT, 'dist/src/cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [CLI, ...args], { timeout: 20000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

test('the compiled bin starts with a node shebang', () => {
  assert.match(readFileSync(CLI, 'utf8').split('\n')[0], /^#!\/usr\/bin\/env node$/);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.bin.tensorgraph, 'dist/src/cli.js');
});

test('--help prints the usage and exits 0', async () => {
  for (const args of [['--help'], ['board', '--help'], ['-h']]) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^Usage: tensorgraph board --logdir DIR \[--port PORT\] \[--host HOST\]/);
    assert.match(r.stdout, /default 127\.0\.0\.1/);
  }
});

test('usage errors exit 2 with a message', async () => {
  const cases: [string[], RegExp][] = [
    [[], /Usage:/],
    [['board'], /--logdir is required/],
    [['serve', '--logdir', '.'], /unknown command 'serve'/],
    [['board', '--logdir'], /--logdir needs a value/],
    [['board', '--logdir', '.', '--port', 'abc'], /--port must be an integer from 0 to 65535, got 'abc'/],
    [['board', '--logdir', '.', '--port', '70000'], /--port must be an integer/],
    [['board', '--logdir', '.', '--bogus'], /unknown option '--bogus'/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
});

test('a missing log directory exits 1 with a clear message', async () => {
  const r = await run(['board', '--logdir', '/no/such/dir', '--port', '0']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "tensorgraph: Log directory '/no/such/dir' does not exist.\n");
  const f = path.join(ROOT, 'package.json');
  const r2 = await run(['board', '--logdir', f, '--port', '0']);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /is not a directory/);
});

test('a port in use exits 1 with a clear message', async () => {
  const blocker = createServer();
  await new Promise<void>(r => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  const d = tmpDir();
  try {
    const r = await run(['board', '--logdir', d, '--port', String(port)]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `tensorgraph: Port ${port} is already in use on 127.0.0.1; pass another --port (or --port 0 for any free port).\n`);
  } finally {
    blocker.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('board prints its URL, serves the log directory on loopback, and stops on SIGINT', async () => {
  const d = fixtureLogdir();
  const child = spawn(process.execPath, [CLI, 'board', `--logdir=${d}`, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c; const m = /at (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out); if (m) resolve(m[1]); });
      child.once('exit', code => reject(new Error(`exited ${code}`)));
    });
    const r = await getJson(`${url}api/runs`);
    assert.deepEqual(r.runs.map((x: any) => x.name), ['nested/tf2', 'tf1']);
    const exit = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exit, 0);
  } finally {
    child.kill();
    rmSync(d, { recursive: true, force: true });
  }
});
