// The event file behind a FileWriter (TF's EventFileWriter + C++ EventsWriter): creates
// `<logdir>/events.out.tfevents.<seconds>.<hostname><suffix>`, writes the file_version event
// at once, then buffers events and writes them out when `maxQueue` are pending, every
// `flushSecs` (an unref'd timer) and on flush/close — and, synchronously, when the process
// exits normally, so nothing buffered is lost.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { FailedPreconditionError, PermissionDeniedError, UnknownError } from '../framework/errors.js';
import { encodeRecord, writeAll } from './record_writer.js';
import { encodeEvent, type EventLike } from './event.js';

export interface EventFileWriterOptions {
  /** Events buffered before they are written to the file (TF's max_queue). Default 10. */
  maxQueue?: number;
  /** Seconds between automatic flushes (TF's flush_secs). Default 120. */
  flushSecs?: number;
  /** Appended to the file name (TF's filename_suffix). */
  filenameSuffix?: string;
}

const open = new Set<EventFileWriter>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const w of open) {
      try { w.writePending(); } catch { /* the process is exiting; nothing left to report to */ }
    }
  });
}

export class EventFileWriter {
  readonly logdir: string;
  private readonly maxQueue: number;
  private readonly flushSecs: number;
  private readonly suffix: string;
  private fd: number | null = null;
  private file = '';
  private pending: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private error: Error | null = null;

  constructor(logdir: string, opts: EventFileWriterOptions = {}) {
    this.logdir = logdir;
    this.maxQueue = opts.maxQueue ?? 10;
    this.flushSecs = opts.flushSecs ?? 120;
    this.suffix = opts.filenameSuffix ?? '';
    this.openFile();
  }

  /** The path of the event file being written. */
  get path(): string { return this.file; }
  get closed(): boolean { return this.fd === null; }

  private openFile(): void {
    try { mkdirSync(this.logdir, { recursive: true }); } catch (e) {
      throw fsError(e, `Failed to create the log directory '${this.logdir}'`);
    }
    const host = hostname();
    let secs = Math.floor(Date.now() / 1000);
    for (;;) {
      const file = path.join(this.logdir, `events.out.tfevents.${String(secs).padStart(10, '0')}.${host}${this.suffix}`);
      try {
        this.fd = openSync(file, 'wx');
        this.file = file;
        break;
      } catch (e) {
        // a file from this second exists already (reopen() within a second): TF would
        // truncate it; take the next second's name instead
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') { secs++; continue; }
        throw fsError(e, `Failed to create the event file '${file}'`);
      }
    }
    const first = encodeEvent({
      wall_time: secs, file_version: 'brain.Event:2', source_metadata: { writer: 'tensorflow.core.util.events_writer' },
    });
    writeAll(this.fd, encodeRecord(first));
    open.add(this);
    installExitHook();
    if (this.flushSecs > 0 && Number.isFinite(this.flushSecs)) {
      this.timer = setInterval(() => {
        try { this.writePending(); } catch (e) { this.error ??= e as Error; }
      }, this.flushSecs * 1000);
      this.timer.unref();
    }
  }

  /** Queues a serialized Event (or an Event object) for writing. */
  addEvent(event: Uint8Array | EventLike): void {
    this.throwPendingError();
    if (this.fd === null) throw new FailedPreconditionError(`The event file writer for '${this.logdir}' is closed.`);
    this.pending.push(encodeRecord(event instanceof Uint8Array ? event : encodeEvent(event)));
    if (this.pending.length >= this.maxQueue) this.writePending();
  }

  /** Writes buffered events to the file (without syncing); recreates the file if it was deleted. */
  writePending(): void {
    if (this.fd === null || !this.pending.length) return;
    if (!existsSync(this.file)) {
      // TF's EventsWriter starts a new file when the old one disappeared
      this.closeFd();
      this.openFile();
    }
    const data = Buffer.concat(this.pending);
    this.pending = [];
    try { writeAll(this.fd!, data); } catch (e) {
      throw fsError(e, `Failed to write to the event file '${this.file}'`);
    }
  }

  /** Writes buffered events and syncs the file to disk. */
  flush(): void {
    this.throwPendingError();
    this.writePending();
    if (this.fd !== null) fsyncSync(this.fd);
  }

  /** Flushes and closes the file; later events need reopen(). */
  close(): void {
    if (this.fd === null) return;
    try { this.flush(); } finally { this.closeFd(); }
  }

  /** After close(): starts a new event file in the same logdir. */
  reopen(): void {
    if (this.fd === null) this.openFile();
  }

  private closeFd(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    open.delete(this);
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) closeSync(fd);
  }

  private throwPendingError(): void {
    const e = this.error;
    if (e) { this.error = null; throw e; }
  }
}

function fsError(e: unknown, what: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const msg = `${what}: ${(e as Error).message}`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new PermissionDeniedError(msg);
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOSPC') return new FailedPreconditionError(msg);
  return new UnknownError(msg);
}
