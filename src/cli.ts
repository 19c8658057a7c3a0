#!/usr/bin/env node
// The `tensorgraph` command. `tensorgraph board --logdir DIR [--port 6006] [--host 127.0.0.1]`
// serves the board on a log directory (loopback only unless --host says otherwise) and prints
// its URL.

import { startBoard } from './board/server/index.js';

const USAGE = `Usage: tensorgraph board --logdir DIR [--port PORT] [--host HOST] [--reload-interval SECONDS]

Serves the board (graphs and training curves) for the event files under DIR.
Every directory under DIR that holds event files is a run.

Options:
  --logdir DIR               log directory to serve (required)
  --port PORT                port to listen on (default 6006; 0 picks a free port)
  --host HOST                address to bind (default 127.0.0.1, this machine only;
                             0.0.0.0 makes the board reachable from the network)
  --reload-interval SECONDS  how often to look for new data (default 1)
  -h, --help                 show this help
`;

class UsageError extends Error {}

interface Args { command?: string; logdir?: string; port: number; host: string; reloadMs: number; help: boolean }

function parseArgs(argv: string[]): Args {
  const out: Args = { port: 6006, host: '127.0.0.1', reloadMs: 1000, help: false };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i], v: string | undefined;
    if (a === '-h' || a === '--help' || a === 'help') { out.help = true; continue; }
    if (!a.startsWith('-')) {
      if (out.command) throw new UsageError(`unexpected argument '${a}'`);
      out.command = a;
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const value = (): string => {
      if (v !== undefined) return v;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return next;
    };
    switch (a) {
      case '--logdir': case '--log-dir': out.logdir = value(); break;
      case '--port': {
        const s = value();
        const n = /^[0-9]{1,5}$/.test(s) ? Number(s) : NaN;
        if (!(n >= 0 && n <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, got '${s}'`);
        out.port = n;
        break;
      }
      case '--host': out.host = value(); break;
      case '--reload-interval': case '--reload_interval': {
        const s = value();
        const n = Number(s);
        if (!(n > 0 && n <= 3600)) throw new UsageError(`--reload-interval must be a number of seconds above 0, got '${s}'`);
        out.reloadMs = Math.round(n * 1000);
        break;
      }
      default: throw new UsageError(`unknown option '${a}'`);
    }
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try { args = parseArgs(argv); } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tensorgraph: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.command) {
    (args.help ? process.stdout : process.stderr).write(USAGE);
    return args.help ? 0 : 2;
  }
  if (args.command !== 'board') {
    process.stderr.write(`tensorgraph: unknown command '${args.command}'\n\n${USAGE}`);
    return 2;
  }
  if (!args.logdir) {
    process.stderr.write(`tensorgraph: --logdir is required\n\n${USAGE}`);
    return 2;
  }
  let board;
  try {
    board = await startBoard({ logdir: args.logdir, port: args.port, host: args.host, reloadMs: args.reloadMs });
  } catch (e) {
    process.stderr.write(`tensorgraph: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`tensorgraph board: serving ${board.logdir} at ${board.url}\n`);
  if (board.host === '0.0.0.0' || board.host === '::') process.stdout.write('  warning: the board is reachable from other machines on the network\n');
  process.stdout.write('Press Ctrl+C to stop.\n');
  await new Promise<void>(resolve => {
    const stop = () => { void board.close().then(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, e => {
  process.stderr.write(`tensorgraph: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
