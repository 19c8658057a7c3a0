// The `checkpoint` file next to a Saver's checkpoints: a text-format CheckpointState proto
// naming the latest checkpoint and the ones still kept (TF's checkpoint_management.py:
// get_checkpoint_state, update_checkpoint_state, latest_checkpoint).
//
//   model_checkpoint_path: "model.ckpt-3"
//   all_model_checkpoint_paths: "model.ckpt-2"
//   all_model_checkpoint_paths: "model.ckpt-3"
//   all_model_checkpoint_timestamps: 1700000000.25
//   ...

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RuntimeError, ValueError } from '../framework/errors.js';
import { writeFileAtomic } from './atomic_file.js';
import { checkpointExists, indexFilename } from './bundle.js';

/** CheckpointState (checkpoint_state.proto), with TF's field names camelCased. */
export interface CheckpointState {
  modelCheckpointPath: string;
  allModelCheckpointPaths: string[];
  allModelCheckpointTimestamps: number[];
  lastPreservedTimestamp: number;
}

export class TextFormatParseError extends Error {
  override name = 'ParseError';
}

// ---- text format --------------------------------------------------------------------------

/** Protobuf text-format string escaping (C escapes; bytes >= 0x80 as octal, as Python writes them). */
function quote(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = String(x);
  return /[.eEn]/.test(s) ? s : `${s}.0`; // Python's repr keeps a '.0'
}

/** The text format TF writes (fields in field-number order, defaults omitted). */
export function formatCheckpointState(s: CheckpointState): string {
  let out = '';
  if (s.modelCheckpointPath) out += `model_checkpoint_path: ${quote(s.modelCheckpointPath)}\n`;
  for (const p of s.allModelCheckpointPaths) out += `all_model_checkpoint_paths: ${quote(p)}\n`;
  for (const t of s.allModelCheckpointTimestamps) out += `all_model_checkpoint_timestamps: ${formatDouble(t)}\n`;
  if (s.lastPreservedTimestamp) out += `last_preserved_timestamp: ${formatDouble(s.lastPreservedTimestamp)}\n`;
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, '"': 34, "'": 39, '\\': 92, '?': 63 };

function unquote(lit: string, where: string): string {
  const bytes: number[] = [];
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i];
    if (c !== '\\') { for (const b of Buffer.from(c, 'utf8')) bytes.push(b); continue; }
    const d = lit[++i];
    if (d in SIMPLE_ESCAPES) bytes.push(SIMPLE_ESCAPES[d]);
    else if (/[0-7]/.test(d)) {
      let j = i, v = '';
      while (j < lit.length - 1 && v.length < 3 && /[0-7]/.test(lit[j])) v += lit[j++];
      bytes.push(parseInt(v, 8) & 0xff);
      i = j - 1;
    } else if (d === 'x' || d === 'X') {
      let j = i + 1, v = '';
      while (j < lit.length - 1 && v.length < 2 && /[0-9a-fA-F]/.test(lit[j])) v += lit[j++];
      if (!v) throw new TextFormatParseError(`${where}: invalid escape sequence in string ${lit}`);
      bytes.push(parseInt(v, 16));
      i = j - 1;
    } else throw new TextFormatParseError(`${where}: invalid escape sequence \\${d} in string ${lit}`);
  }
  return Buffer.from(bytes).toString('utf8');
}

const TOKEN = /\s+|#[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|(:)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|([-+]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fF]?)|(.)/giy;

/** Parses a text-format CheckpointState (as text_format.Merge). `where` names the file in errors. */
export function parseCheckpointState(text: string, where = 'checkpoint'): CheckpointState {
  const s: CheckpointState = { modelCheckpointPath: '', allModelCheckpointPaths: [], allModelCheckpointTimestamps: [], lastPreservedTimestamp: 0 };
  const toks: { kind: 'id' | 'colon' | 'str' | 'num'; text: string; line: number }[] = [];
  let line = 1;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    const [all, id, colon, str, num, other] = m;
    if (other !== undefined) throw new TextFormatParseError(`${where}:${line}: unexpected character '${other}'`);
    if (id !== undefined && !/^(inf|infinity|nan)$/i.test(id)) toks.push({ kind: 'id', text: id, line });
    else if (colon !== undefined) toks.push({ kind: 'colon', text: ':', line });
    else if (str !== undefined) toks.push({ kind: 'str', text: str, line });
    else if (num !== undefined || id !== undefined) toks.push({ kind: 'num', text: num ?? id!, line });
    line += all.split('\n').length - 1;
  }
  for (let i = 0; i < toks.length;) {
    const field = toks[i++];
    if (field.kind !== 'id') throw new TextFormatParseError(`${where}:${field.line}: expected a field name, got ${field.text}`);
    const colon = toks[i];
    if (colon?.kind === 'colon') i++;
    const v = toks[i++];
    if (!v) throw new TextFormatParseError(`${where}:${field.line}: field ${field.text} has no value`);
    const str = () => {
      if (v.kind !== 'str') throw new TextFormatParseError(`${where}:${v.line}: expected a string for ${field.text}, got ${v.text}`);
      let out = unquote(v.text, `${where}:${v.line}`);
      while (toks[i]?.kind === 'str') out += unquote(toks[i++].text, `${where}:${v.line}`); // adjacent literals concatenate
      return out;
    };
    const dbl = () => {
      if (v.kind !== 'num') throw new TextFormatParseError(`${where}:${v.line}: expected a number for ${field.text}, got ${v.text}`);
      const t = v.text.replace(/[fF]$/, '').toLowerCase();
      if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^[-+]?nan$/.test(t)) return NaN;
      return Number(t);
    };
    switch (field.text) {
      case 'model_checkpoint_path': s.modelCheckpointPath = str(); break;
      case 'all_model_checkpoint_paths': s.allModelCheckpointPaths.push(str()); break;
      case 'all_model_checkpoint_timestamps': s.allModelCheckpointTimestamps.push(dbl()); break;
      case 'last_preserved_timestamp': s.lastPreservedTimestamp = dbl(); break;
      default: throw new TextFormatParseError(`${where}:${field.line}: Message type "tensorflow.CheckpointState" has no field named "${field.text}".`);
    }
  }
  return s;
}

// ---- paths as Python's os.path does them ---------------------------------------------------

/** os.path.join(dir, p) (no normalization, unlike path.join). */
export function pyJoin(dir: string, p: string): string {
  if (path.isAbsolute(p) || dir === '') return p;
  return dir.endsWith('/') ? dir + p : `${dir}/${p}`;
}
/** os.path.dirname (the empty string for a bare name). */
export function pyDirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}
/** os.path.relpath(p, start). */
function pyRelpath(p: string, start: string): string {
  return path.relative(start === '' ? '.' : start, p) || '.';
}

function stateFilename(dir: string, latestFilename: string): string {
  return pyJoin(dir, latestFilename);
}

// ---- reading and writing the state file ---------------------------------------------------

/**
 * The CheckpointState in `checkpointDir` (tf.train.get_checkpoint_state), or null when
 * there is no `checkpoint` file. Relative paths come back joined to `checkpointDir`.
 * A file that does not parse is ignored with a warning (null), as TF does.
 *
 * ```ts
 * const ckpt = tf.train.getCheckpointState('checkpoint_dir');
 * if (ckpt && ckpt.modelCheckpointPath) saver.restore(sess, ckpt.modelCheckpointPath);
 * ```
 */
export function getCheckpointState(checkpointDir: string, latestFilename = 'checkpoint'): CheckpointState | null {
  const file = stateFilename(checkpointDir, latestFilename);
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) return null;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let s: CheckpointState;
  try {
    s = parseCheckpointState(text, file);
  } catch (e) {
    if (!(e instanceof TextFormatParseError)) throw e;
    process.stderr.write(`WARNING: ${e.name}: ${e.message}\nWARNING: ${file}: Checkpoint ignored\n`);
    return null;
  }
  if (!s.modelCheckpointPath) throw new ValueError(`Invalid checkpoint state loaded from ${checkpointDir}`);
  s.modelCheckpointPath = pyJoin(checkpointDir, s.modelCheckpointPath);
  s.allModelCheckpointPaths = s.allModelCheckpointPaths.map(p => pyJoin(checkpointDir, p));
  return s;
}

/**
 * The prefix of the newest checkpoint in `checkpointDir` (tf.train.latest_checkpoint), or
 * null when there is none or its files are gone.
 */
export function latestCheckpoint(checkpointDir: string, latestFilename = 'checkpoint'): string | null {
  const s = getCheckpointState(checkpointDir, latestFilename);
  if (s && s.modelCheckpointPath) {
    if (checkpointExists(s.modelCheckpointPath)) return s.modelCheckpointPath;
    process.stderr.write(`ERROR: Couldn't match files for checkpoint ${s.modelCheckpointPath}\n`);
  }
  return null;
}

export interface UpdateCheckpointStateOptions {
  allModelCheckpointPaths?: readonly string[];
  allModelCheckpointTimestamps?: readonly number[];
  lastPreservedTimestamp?: number;
  latestFilename?: string;
  /** Store paths relative to `saveDir` even when given absolute (Saver's save_relative_paths). */
  saveRelativePaths?: boolean;
}

/** The CheckpointState TF would write (generate_checkpoint_state_proto). */
export function generateCheckpointStateProto(saveDir: string, modelCheckpointPath: string, opts: UpdateCheckpointStateOptions = {}): CheckpointState {
  const all = [...(opts.allModelCheckpointPaths ?? [])];
  if (!all.length || all[all.length - 1] !== modelCheckpointPath) all.push(modelCheckpointPath);
  const ts = [...(opts.allModelCheckpointTimestamps ?? [])];
  if (ts.length && ts.length !== all.length) {
    throw new ValueError(`Checkpoint timestamps, if provided, must match checkpoint paths (got paths ${JSON.stringify(all)} and timestamps ${JSON.stringify(ts)})`);
  }
  let model = modelCheckpointPath;
  if (!path.isAbsolute(saveDir)) {
    // relative paths are stored relative to the directory
    if (!path.isAbsolute(model)) model = pyRelpath(model, saveDir);
    for (let i = 0; i < all.length; i++) if (!path.isAbsolute(all[i])) all[i] = pyRelpath(all[i], saveDir);
  }
  return { modelCheckpointPath: model, allModelCheckpointPaths: all, allModelCheckpointTimestamps: ts, lastPreservedTimestamp: opts.lastPreservedTimestamp ?? 0 };
}

/**
 * Writes the `checkpoint` file in `saveDir` atomically (tf.train.update_checkpoint_state).
 */
export function updateCheckpointState(saveDir: string, modelCheckpointPath: string, opts: UpdateCheckpointStateOptions = {}): void {
  const file = stateFilename(saveDir, opts.latestFilename ?? 'checkpoint');
  let model = modelCheckpointPath;
  let all = opts.allModelCheckpointPaths ?? [];
  if (opts.saveRelativePaths) {
    const rel = (p: string) => (path.isAbsolute(p) ? pyRelpath(p, saveDir) : p);
    model = rel(model);
    all = all.map(rel);
  }
  const s = generateCheckpointStateProto(saveDir, model, { ...opts, allModelCheckpointPaths: all });
  if (file === s.modelCheckpointPath) {
    throw new RuntimeError(`Save path '${modelCheckpointPath}' conflicts with path used for checkpoint state.  Please use a different save path.`);
  }
  writeFileAtomic(file, formatCheckpointState(s));
}

/** Deletes a checkpoint's .index, data files and .meta (checkpoint_management.remove_checkpoint). */
export function removeCheckpoint(prefix: string, metaGraphSuffix = 'meta'): void {
  const dir = pyDirname(prefix) || '.';
  const base = path.basename(prefix);
  const victims = [indexFilename(prefix), `${prefix.replace(/-[\d?]+-of-\d+$/, '')}.${metaGraphSuffix}`];
  let names: string[] = [];
  try { names = fs.readdirSync(dir); } catch { /* directory gone: nothing to delete */ }
  const dataRe = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.data-\\d{5}-of-\\d{5}$`);
  for (const n of names) if (dataRe.test(n)) victims.push(path.join(dir, n));
  for (const v of victims) {
    try { fs.unlinkSync(v); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') process.stderr.write(`WARNING: Ignoring: ${(e as Error).message}\n`);
    }
  }
}

/** Modification times (seconds) of the checkpoints' index files (tf.train.get_checkpoint_mtimes). */
export function getCheckpointMtimes(prefixes: readonly string[]): number[] {
  const out: number[] = [];
  for (const p of prefixes) {
    try { out.push(fs.statSync(indexFilename(p)).mtimeMs / 1000); } catch { /* missing: skipped, as TF */ }
  }
  return out;
}
