// Finding runs: every directory under the log directory (at any depth, the log directory
// itself as ".") holding files whose name contains "tfevents". Symbolic links are followed
// only when they resolve inside the log directory.

import { promises as fsp, type Dirent } from 'node:fs';
import * as path from 'node:path';

export interface ScanResult {
  /** Run name -> absolute paths of its event files, sorted by name. */
  runs: Map<string, string[]>;
  /** Path relative to the log directory -> what is wrong with it. */
  warnings: Map<string, string>;
}

export interface ScanLimits { maxDirs?: number; maxDepth?: number }

/** Whether `p` is `root` or inside it (both absolute and resolved). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The run name of a directory: its path relative to `root` with '/', or '.'. */
export function runName(root: string, dir: string): string {
  return path.relative(root, dir).split(path.sep).join('/') || '.';
}

/** Walks `root` (already resolved with realpath) for runs. */
export async function scanLogdir(root: string, limits: ScanLimits = {}): Promise<ScanResult> {
  const maxDirs = limits.maxDirs ?? 20000, maxDepth = limits.maxDepth ?? 64;
  const runs = new Map<string, string[]>();
  const warnings = new Map<string, string>();
  const seen = new Set<string>([root]);
  const queue: [dir: string, real: string, depth: number][] = [[root, root, 0]];
  let visited = 0;
  while (queue.length) {
    const [dir, real, depth] = queue.shift()!;
    if (++visited > maxDirs) {
      warnings.set(runName(root, dir), `more than ${maxDirs} directories under the log directory; the rest are not scanned`);
      break;
    }
    let entries: Dirent[];
    try { entries = await fsp.readdir(real, { withFileTypes: true }); } catch (e) {
      if (dir !== root) warnings.set(runName(root, dir), `cannot list the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    const files: string[] = [];
    for (const ent of entries) {
      const full = path.join(dir, ent.name);
      let isDir = ent.isDirectory(), isFile = ent.isFile(), target = path.join(real, ent.name);
      if (ent.isSymbolicLink()) {
        try {
          target = await fsp.realpath(target);
          const st = await fsp.stat(target);
          isDir = st.isDirectory(); isFile = st.isFile();
        } catch { continue; }                                   // dangling link
        if (!isInside(root, target)) {
          if (isDir || ent.name.includes('tfevents')) warnings.set(runName(root, full), 'symbolic link to a path outside the log directory; not followed');
          continue;
        }
      }
      if (isFile && ent.name.includes('tfevents')) files.push(target);
      else if (isDir && depth < maxDepth && !seen.has(target)) { seen.add(target); queue.push([full, target, depth + 1]); }
    }
    if (files.length) runs.set(runName(root, dir), files.sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0)));
  }
  return { runs, warnings };
}
