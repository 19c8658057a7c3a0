// Crash-safe file writes (TF's BundleWriter temp files and file_io.atomic_write_string_to_file):
// write a temporary file in the same directory, fsync it, rename it over the target, then
// fsync the directory. Readers see the old file or the new one, never a mixture.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  NotFoundError, PermissionDeniedError, FailedPreconditionError, ResourceExhaustedError, UnknownError, OpError,
} from '../framework/errors.js';

/** `file.tempstate<random>` in the same directory (TF's BundleWriter naming). */
export function tempName(file: string): string {
  return `${file}.tempstate${BigInt('0x' + randomBytes(8).toString('hex')).toString()}`;
}

/** A Node fs error as TF's status for `file` (ENOENT -> NotFoundError, EACCES -> PermissionDeniedError...). */
export function wrapFsError(e: unknown, file: string): Error {
  if (e instanceof OpError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return new NotFoundError(`${file}; No such file or directory`);
    case 'EACCES': case 'EPERM': case 'EROFS': return new PermissionDeniedError(`${file}; Permission denied${code === 'EROFS' ? ' (read-only file system)' : ''}`);
    case 'ENOTDIR': return new FailedPreconditionError(`${file}; Not a directory`);
    case 'EISDIR': return new FailedPreconditionError(`${file}; Is a directory`);
    case 'ENOSPC': case 'EDQUOT': return new ResourceExhaustedError(`${file}; No space left on device`);
  }
  return e instanceof Error ? e : new UnknownError(`${file}: ${String(e)}`);
}

/** fsync a directory so a rename in it is durable (ignored where directories cannot be opened). */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch { /* not supported on this platform / file system */ } finally {
    if (fd !== null) try { fs.closeSync(fd); } catch { /* ignore */ }
  }
}

export interface AtomicWriteOptions {
  /** Called after the temporary file is complete, before the rename (tests inject failures here). */
  beforeRename?: () => void;
  /** Skip the directory fsync (the caller does it once for several files). */
  noDirSync?: boolean;
}

/**
 * Writes `data` to a fresh temporary file next to `file`, fsynced and closed; returns its
 * name (rename it into place, or unlink it). On error nothing is left behind.
 */
export function writeTempFile(file: string, data: Uint8Array | string): string {
  const tmp = tempName(file);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'w');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return tmp;
  } catch (e) {
    if (fd !== null) try { fs.closeSync(fd); } catch { /* ignore */ }
    try { fs.unlinkSync(tmp); } catch { /* never created */ }
    throw wrapFsError(e, fs.existsSync(path.dirname(file) || '.') ? file : path.dirname(file));
  }
}

/** Writes `data` to `file` atomically. On any error the temporary file is removed and `file` is untouched. */
export function writeFileAtomic(file: string, data: Uint8Array | string, opts: AtomicWriteOptions = {}): void {
  const tmp = writeTempFile(file, data);
  try {
    opts.beforeRename?.();
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* ignore */ }
    throw wrapFsError(e, file);
  }
  if (!opts.noDirSync) fsyncDir(path.dirname(file));
}
