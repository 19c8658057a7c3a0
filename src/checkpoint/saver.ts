// tf.train.Saver (TF 1's training/saver.py with the V2 format and BulkSaverBuilder): builds
// save/restore ops in the graph, runs them, keeps the `checkpoint` state file and deletes
// checkpoints beyond maxToKeep.
//
// Graph nodes, exactly as TF names them (scope `save`, `save_1`, ... per Saver):
//   save/filename/input (Const "model") -> save/filename, save/Const (PlaceholderWithDefault)
//   save/SaveV2/{tensor_names,shape_and_slices} (Const), save/SaveV2 (SaveV2)
//   save/control_dependency (Identity of save/Const after ^save/SaveV2)
//   save/RestoreV2/{tensor_names,shape_and_slices}, save/RestoreV2 (RestoreV2)
//   save/Assign, save/Assign_1, ... (Assign), save/restore_all (NoOp)
// The SaverDef points at save/Const:0, save/control_dependency:0 and save/restore_all, so a
// MetaGraph exported with it is restorable by real TensorFlow.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Graph } from '../framework/graph.js';
import { GraphKeys, getDefaultGraph } from '../framework/graph.js';
import { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import type { NDArray } from '../framework/ndarray.js';
import {
  ValueError, OpError, NotFoundError, InvalidArgumentError, FailedPreconditionError, UnimplementedError,
} from '../framework/errors.js';
import { Variable, assign } from '../ops/state/variable.js';
import { placeholderWithDefault, identity, withScope } from '../ops/core.js';
import { group } from '../ops/control/stop_gradient.js';
import type { SaverDef, MetaGraphDef } from '../io/graph_def_types.js';
import { exportMetaGraph } from '../io/meta_graph.js';
import { saveV2, restoreV2 } from './io_ops.js';
import { checkpointExists } from './bundle.js';
import { compareBytes } from './sstable.js';
import {
  updateCheckpointState, removeCheckpoint, getCheckpointMtimes, pyDirname,
} from './checkpoint_state.js';

/** What Saver.save / restore need of a session. */
export interface SessionLike {
  readonly graph: Graph;
  run(fetches: never, feedDict?: never): unknown;
}
type RunFn = (fetches: unknown, feedDict?: unknown) => unknown;
const runOf = (sess: SessionLike): RunFn => (sess.run as unknown as RunFn).bind(sess);

export type Saveable = Variable | Tensor;
/** Variables to save: a list (keyed by their op names) or a map from checkpoint key to variable. */
export type VarList = readonly Saveable[] | Readonly<Record<string, Saveable>>;

export interface SaverOptions {
  /** Checkpoints to keep (older ones are deleted); 0 or null keeps all. Default 5. */
  maxToKeep?: number | null;
  /** Additionally keep one checkpoint every this many hours. Default 10000. */
  keepCheckpointEveryNHours?: number;
  /** Name scope of the save/restore ops (default 'save'). */
  name?: string;
  /** Sharded checkpoints (one data file per device) are not supported; must be false. */
  sharded?: boolean;
  /** Store relative paths in the `checkpoint` file even for absolute prefixes. */
  saveRelativePaths?: boolean;
  /** Allow a Saver with no variables (save/restore then do nothing). */
  allowEmpty?: boolean;
  /** Zero-pad the global step in file names (model-00000042). */
  padStepNumber?: boolean;
  /** Default value of the filename tensor (`save/filename/input`). */
  filename?: string;
  /** Use an existing SaverDef's tensors instead of building ops (Saver.from_proto, import_meta_graph). */
  saverDef?: SaverDef;
  /** Graph to build in (default: the variables' graph, else the default graph). */
  graph?: Graph;
}

export interface SaveOptions {
  /** Appended to the prefix: `prefix-STEP` (a number, or a variable/tensor evaluated in `sess`). */
  globalStep?: number | bigint | Variable | Tensor;
  /** Name of the state file (default 'checkpoint'). */
  latestFilename?: string;
  metaGraphSuffix?: string;
  /** Also write the MetaGraph to `prefix-STEP.meta`. Default true. */
  writeMetaGraph?: boolean;
  /** Update the `checkpoint` file and delete old checkpoints. Default true. */
  writeState?: boolean;
}

const VERSION_V2 = 'V2';

function opNameOf(s: Saveable): string {
  return s.op.name;
}

function refOf(s: Saveable): Tensor {
  return s instanceof Variable ? s.ref : s;
}

/** [key, saveable] sorted by key, checked for duplicates (op_list_to_dict + _ValidateAndSliceInputs). */
function toSortedList(varList: VarList): [string, Saveable][] {
  const enc = new TextEncoder();
  let items: [string, Saveable][];
  if (Array.isArray(varList)) {
    items = [];
    const seen = new Set<string>();
    for (const v of varList as readonly Saveable[]) {
      if (!(v instanceof Variable) && !(v instanceof Tensor)) {
        throw new TypeError(`Variable to save is not a Variable: ${String(v)}`);
      }
      const name = opNameOf(v);
      if (seen.has(name)) throw new ValueError(`At least two variables have the same name: ${name}`);
      seen.add(name);
      items.push([name, v]);
    }
  } else {
    items = Object.entries(varList as Record<string, Saveable>);
    for (const [k, v] of items) {
      if (!(v instanceof Variable) && !(v instanceof Tensor)) throw new TypeError(`Variable to save is not a Variable: ${k}: ${String(v)}`);
    }
  }
  return items.sort((a, b) => compareBytes(enc.encode(a[0]), enc.encode(b[0])));
}

/**
 * Saves and restores variables (tf.train.Saver) in TensorFlow's V2 checkpoint format.
 *
 * ```ts
 * const saver = new tf.train.Saver();
 * const path = saver.save(sess, '/tmp/model/model.ckpt', { globalStep: 100 });  // '/tmp/model/model.ckpt-100'
 * saver.restore(sess, tf.train.latestCheckpoint('/tmp/model')!);
 * ```
 */
export class Saver {
  readonly saverDef: Required<Pick<SaverDef, 'filename_tensor_name' | 'save_tensor_name' | 'restore_op_name' | 'max_to_keep' | 'sharded' | 'keep_checkpoint_every_n_hours' | 'version'>>;
  readonly graph: Graph;
  /** Checkpoint key of each variable saved (empty for a Saver made from a SaverDef). */
  readonly keys: readonly string[];
  private readonly isEmpty: boolean;
  private readonly saveRelativePaths: boolean;
  private readonly padStepNumber: boolean;
  private lastCheckpointsWithTime: [string, number][] = [];
  private toBeDeleted: [string, number][] = [];
  private nextCheckpointTime: number;
  private lastPreservedTimestamp = 0;
  /** Restore Assign op name -> [variable name, checkpoint key], for error messages. */
  private readonly assignTargets = new Map<string, [string, string]>();

  constructor(varList?: VarList | null, opts: SaverOptions = {}) {
    if (opts.sharded) {
      throw new UnimplementedError('Saver({sharded: true}) is not supported: tensorgraph runs on one device and writes one data shard; use sharded: false.');
    }
    const everyN = opts.keepCheckpointEveryNHours ?? 10000;
    this.saveRelativePaths = opts.saveRelativePaths ?? false;
    this.padStepNumber = opts.padStepNumber ?? false;
    this.nextCheckpointTime = Date.now() / 1000 + everyN * 3600;

    if (opts.saverDef) {
      const d = opts.saverDef;
      if (d.version !== undefined && d.version !== 'V2' && d.version !== 2) {
        throw new UnimplementedError(`Only V2 checkpoints are supported; this SaverDef has version ${String(d.version)}.`);
      }
      this.graph = opts.graph ?? getDefaultGraph();
      this.saverDef = {
        filename_tensor_name: d.filename_tensor_name ?? '', save_tensor_name: d.save_tensor_name ?? '',
        restore_op_name: d.restore_op_name ?? '', max_to_keep: d.max_to_keep ?? 0, sharded: d.sharded ?? false,
        keep_checkpoint_every_n_hours: d.keep_checkpoint_every_n_hours ?? everyN, version: VERSION_V2,
      };
      this.nextCheckpointTime = Date.now() / 1000 + this.saverDef.keep_checkpoint_every_n_hours * 3600;
      this.keys = [];
      this.isEmpty = false;
      return;
    }

    const list = toSortedList(varList ?? (opts.graph ?? getDefaultGraph()).getCollection<Saveable>(GraphKeys.GLOBAL_VARIABLES));
    const g = list.length ? refOf(list[0][1]).graph : (opts.graph ?? getDefaultGraph());
    for (const [k, v] of list) {
      if (refOf(v).graph !== g) throw new ValueError(`Variable ${k} is from a different graph than the other variables to save.`);
    }
    this.graph = g;
    this.keys = list.map(([k]) => k);
    if (!list.length) {
      if (!opts.allowEmpty) throw new ValueError('No variables to save');
      this.isEmpty = true;
      this.saverDef = {
        filename_tensor_name: '', save_tensor_name: '', restore_op_name: '', max_to_keep: opts.maxToKeep ?? 5,
        sharded: false, keep_checkpoint_every_n_hours: everyN, version: VERSION_V2,
      };
      return;
    }
    this.isEmpty = false;
    const refs = list.map(([, v]) => refOf(v));
    const built = g.asDefault(() => withScope(opts.name, 'save', refs, scope => {
      const filename = placeholderWithDefault(opts.filename ?? 'model', [], 'filename');
      const filenameTensor = placeholderWithDefault(filename, [], 'Const');
      const names = list.map(([k]) => k);
      const slices = list.map(() => '');
      const saveOp = saveV2(filenameTensor, names, slices, refs);
      const saveTensor = g.controlDependencies([saveOp], () => identity(filenameTensor, 'control_dependency'));
      const restored = restoreV2(filenameTensor, names, slices, refs.map(r => r.dtype));
      const assigns = list.map(([k, v], i) => {
        const ref = refOf(v);
        const a = assign(ref, restored[i], { validateShape: ref.shape.isFullyDefined, useLocking: true });
        this.assignTargets.set(a.op.name, [ref.op.name, k]);
        return a.op;
      });
      const restoreOp: Operation = group(assigns, { name: 'restore_all' });
      return { scope, filenameTensor, saveTensor, restoreOp };
    }));
    this.saverDef = {
      filename_tensor_name: built.filenameTensor.name,
      save_tensor_name: built.saveTensor.name,
      restore_op_name: built.restoreOp.name,
      max_to_keep: opts.maxToKeep === null ? 0 : (opts.maxToKeep ?? 5),
      sharded: false,
      keep_checkpoint_every_n_hours: everyN,
      version: VERSION_V2,
    };
  }

  /**
   * A Saver for the save/restore ops a SaverDef names (Saver.from_proto), e.g. the one
   * importMetaGraph returns; `importScope` prefixes the names as the import did.
   */
  static fromProto(saverDef: SaverDef, importScope = '', graph?: Graph): Saver {
    const scope = importScope && !importScope.endsWith('/') ? `${importScope}/` : importScope;
    const pre = (n: string | undefined) => (n ? scope + n : n);
    return new Saver(null, {
      saverDef: { ...saverDef, filename_tensor_name: pre(saverDef.filename_tensor_name), save_tensor_name: pre(saverDef.save_tensor_name), restore_op_name: pre(saverDef.restore_op_name) },
      graph,
    });
  }

  /** The SaverDef proto (as_saver_def / to_proto). */
  asSaverDef(): SaverDef { return { ...this.saverDef }; }
  toProto(): SaverDef { return this.asSaverDef(); }

  /** Prefixes of the checkpoints kept, oldest first (Saver.last_checkpoints). */
  get lastCheckpoints(): string[] { return this.lastCheckpointsWithTime.map(([p]) => p); }

  /** Sets the kept checkpoints (Saver.set_last_checkpoints); their times are unknown (0). */
  setLastCheckpoints(paths: readonly string[]): void { this.lastCheckpointsWithTime = paths.map(p => [p, 0]); }
  setLastCheckpointsWithTime(list: readonly (readonly [string, number])[]): void {
    this.lastCheckpointsWithTime = list.map(([p, t]) => [p, t]);
  }
  /** Rebuilds the kept list from existing files after a restart (Saver.recover_last_checkpoints). */
  recoverLastCheckpoints(paths: readonly string[]): void {
    const out: [string, number][] = [];
    for (const p of paths) {
      const m = getCheckpointMtimes([p]);
      if (m.length) out.push([p, m[0]]);
    }
    this.lastCheckpointsWithTime = out;
  }

  private tensor(name: string): Tensor {
    return this.graph.getTensorByName(name);
  }

  /**
   * Saves the variables' values in `sess` under `savePath` (with `-globalStep` appended) and
   * returns the checkpoint prefix written. Updates the `checkpoint` file, deletes checkpoints
   * beyond maxToKeep and writes the MetaGraph (`.meta`) when possible.
   */
  save(sess: SessionLike, savePath: string, opts: SaveOptions = {}): string | null {
    const latestFilename = opts.latestFilename ?? 'checkpoint';
    if (latestFilename.includes('/')) throw new ValueError("'latest_filename' must not contain path components");
    if (typeof savePath !== 'string' || !savePath) throw new ValueError(`save_path must be a non-empty string, got ${JSON.stringify(savePath)}`);
    let checkpointFile = savePath;
    if (opts.globalStep !== undefined && opts.globalStep !== null) {
      const step = this.stepValue(sess, opts.globalStep);
      checkpointFile = `${savePath}-${this.padStepNumber ? String(step).padStart(8, '0') : String(step)}`;
    } else if (path.basename(savePath) === latestFilename) {
      throw new ValueError(`'latest_filename' collides with 'save_path': '${latestFilename}' and '${savePath}'`);
    }
    const parent = pyDirname(savePath);
    if (this.isEmpty) return null;
    let modelCheckpointPath: string;
    try {
      const out = runOf(sess)(this.tensor(this.saverDef.save_tensor_name), { [this.saverDef.filename_tensor_name]: checkpointFile }) as NDArray;
      modelCheckpointPath = (out.data as string[])[0];
      if (opts.writeState ?? true) {
        this.recordLastCheckpoint(modelCheckpointPath);
        updateCheckpointState(parent, modelCheckpointPath, {
          allModelCheckpointPaths: this.lastCheckpoints,
          allModelCheckpointTimestamps: this.lastCheckpointsWithTime.map(([, t]) => t),
          lastPreservedTimestamp: this.lastPreservedTimestamp || undefined,
          latestFilename,
          saveRelativePaths: this.saveRelativePaths,
        });
        this.maybeDeleteOldCheckpoints(opts.metaGraphSuffix ?? 'meta');
      }
    } catch (e) {
      if (e instanceof NotFoundError || e instanceof FailedPreconditionError) {
        const dir = parent || '.';
        let isDir = false;
        try { isDir = fs.statSync(dir).isDirectory(); } catch { /* missing */ }
        if (!isDir) throw new ValueError(`Parent directory of ${savePath} doesn't exist, can't save.`);
      }
      throw e;
    }
    if (opts.writeMetaGraph ?? true) {
      this.exportMetaGraph(`${checkpointFile.replace(/-[\d?]+-of-\d+$/, '')}.${opts.metaGraphSuffix ?? 'meta'}`);
    }
    return modelCheckpointPath;
  }

  /**
   * This graph's MetaGraphDef with this Saver's SaverDef and every collection
   * (Saver.export_meta_graph), also written (atomically) to `filename` when given.
   */
  exportMetaGraph(filename?: string | null, opts: { asText?: boolean; clearDevices?: boolean; collectionList?: readonly string[] } = {}): MetaGraphDef {
    return exportMetaGraph(filename ?? null, { graph: this.graph, saverDef: this.asSaverDef(), ...opts });
  }

  private stepValue(sess: SessionLike, step: NonNullable<SaveOptions['globalStep']>): number | bigint {
    if (typeof step === 'number') {
      if (!Number.isInteger(step)) throw new TypeError(`globalStep must be an integer, got ${step}`);
      return step;
    }
    if (typeof step === 'bigint') return step;
    const t = step instanceof Variable ? step.toTensor() : step;
    const v = (runOf(sess)(t) as NDArray).item();
    return typeof v === 'bigint' ? v : Number(v);
  }

  private recordLastCheckpoint(latest: string): void {
    if (!this.saverDef.max_to_keep) return;
    this.lastCheckpointsWithTime = this.lastCheckpointsWithTime.filter(([p]) => p !== latest);
    this.lastCheckpointsWithTime.push([latest, Date.now() / 1000]);
    if (this.lastCheckpointsWithTime.length > this.saverDef.max_to_keep) {
      this.toBeDeleted.push(this.lastCheckpointsWithTime.shift()!);
    }
  }

  private maybeDeleteOldCheckpoints(metaGraphSuffix: string): void {
    const p = this.toBeDeleted.shift();
    if (!p) return;
    if (p[1] > this.nextCheckpointTime) {
      // keepCheckpointEveryNHours: this one is kept for good
      this.nextCheckpointTime += this.saverDef.keep_checkpoint_every_n_hours * 3600;
      this.lastPreservedTimestamp = p[1];
      return;
    }
    removeCheckpoint(p[0], metaGraphSuffix);
  }

  /**
   * Restores the variables saved at `savePath` into `sess` (variables matched by name). Works
   * for checkpoints written by real TensorFlow.
   */
  restore(sess: SessionLike, savePath: string | null | undefined): void {
    if (this.isEmpty) return;
    if (savePath === null || savePath === undefined) throw new ValueError("Can't load save_path when it is None.");
    if (!checkpointExists(savePath)) {
      const dir = pyDirname(savePath) || '.';
      const hint = fs.existsSync(dir) ? '' : ` (the directory ${dir} does not exist)`;
      throw new ValueError(`The passed save_path is not a valid checkpoint: ${savePath}${hint}`);
    }
    try {
      runOf(sess)(this.graph.getOperationByName(this.saverDef.restore_op_name), { [this.saverDef.filename_tensor_name]: savePath });
    } catch (e) {
      // a missing key means the graph and checkpoint disagree; a missing file is just that
      if (e instanceof NotFoundError && /^Key /.test(e.rawMessage)) {
        throw wrapRestoreError(e, 'a Variable name or other graph key that is missing', '');
      }
      if (e instanceof InvalidArgumentError) {
        const target = e.node ? this.assignTargets.get(e.node) : undefined;
        const where = target ? `\n(restoring variable '${target[0]}' from key '${target[1]}' of checkpoint ${savePath})` : '';
        throw wrapRestoreError(e, 'a mismatch between the current graph and the graph', where);
      }
      throw e;
    }
  }
}

function wrapRestoreError(err: OpError, extra: string, where: string): Error {
  const msg = `Restoring from checkpoint failed. This is most likely due to ${extra} from the checkpoint. Please ensure that you have not altered the graph expected based on the checkpoint. Original error:\n\n${err.message}${where}`;
  const Ctor = err.constructor as new (m: string) => Error;
  return new Ctor(msg);
}
