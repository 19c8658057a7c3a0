// The page and its files: /, /static/<file> from src/board/static, /vendor/<pkg>/<file> for a
// short list of files from node_modules. Every path is checked to stay inside its directory,
// after resolving symbolic links.

import { existsSync, promises as fsp, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from './http_util.js';
import { isInside } from './logdir.js';

/** The package's root directory (holding its package.json), found upwards from this module. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try { if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'tensorgraph') return dir; } catch { /* keep looking */ }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the tensorgraph package root');
    dir = up;
  }
}

/** The directory of the page's files (src/board/static in the package). */
export function defaultStaticDir(): string {
  return path.join(packageRoot(), 'src', 'board', 'static');
}

/** Files under node_modules the page may load, as '<package>/<path>'. */
export const VENDOR_FILES: readonly string[] = [
  'elkjs/lib/elk.bundled.js',
  'elkjs/lib/elk-api.js',
  'elkjs/lib/elk-worker.min.js',
  'elkjs/lib/elk-worker.js',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.wav': 'audio/wav',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads `segments` (already decoded and checked) under `dir`, refusing anything that resolves outside it. */
export async function readInside(dir: string, segments: string[]): Promise<{ file: string; body: Buffer }> {
  if (!segments.length || segments.some(s => s === '')) throw new HttpError(404, 'not found');
  let root: string;
  try { root = realpathSync(dir); } catch { throw new HttpError(404, `the board's page files are not installed (${dir} is missing)`); }
  const file = path.resolve(root, ...segments);
  if (!isInside(root, file)) throw new HttpError(403, 'path outside the served directory');
  let real: string;
  try { real = await fsp.realpath(file); } catch { throw new HttpError(404, 'not found'); }
  if (!isInside(root, real)) throw new HttpError(403, 'path outside the served directory');
  const st = await fsp.stat(real);
  if (!st.isFile()) throw new HttpError(404, 'not found');
  return { file: real, body: await fsp.readFile(real) };
}

/** The absolute path of a whitelisted vendor file, or a 404. */
export function vendorFile(segments: string[]): string {
  const rel = segments.join('/');
  if (!VENDOR_FILES.includes(rel)) throw new HttpError(404, `not a served vendor file: ${rel}`);
  const pkg = segments[0];
  const local = path.join(packageRoot(), 'node_modules', ...segments);
  if (existsSync(local)) return local;
  try {
    const pj = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    return path.join(path.dirname(pj), ...segments.slice(1));
  } catch {
    throw new HttpError(404, `the package ${pkg} is not installed`);
  }
}
