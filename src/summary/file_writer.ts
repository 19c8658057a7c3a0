// tf.summary.FileWriter (TF 1, tensorflow/python/summary/writer/writer.py): writes Summary,
// graph, SessionLog and other Events to an event file in `logdir` that TensorBoard reads.

import { Graph } from '../framework/graph.js';
import { NDArray } from '../framework/ndarray.js';
import { EventFileWriter, type EventFileWriterOptions } from './event_file_writer.js';
import { wallTime, type EventLike } from './event.js';
import { decodeProto, encodeProto, type ProtoObject } from './proto_util.js';
import { bytesOfString } from './summary_ops.js';
import { graphDefBytes, metaGraphDefBytes, type GraphDefInput } from './graph_bytes.js';
import { exportMetaGraph } from '../io/meta_graph.js';

/** A summary as FileWriter takes it: the value of a summary op, its bytes, or a Summary object. */
export type SummaryInput = NDArray | string | Uint8Array | ProtoObject;
export type Step = number | bigint | NDArray;

export interface FileWriterOptions extends EventFileWriterOptions {
  /** Deprecated in TF: a GraphDef to write instead of `graph`. */
  graphDef?: GraphDefInput;
}

/** The MetaGraphDef TF 1's FileWriter writes after the graph (create_meta_graph_def with shapes). */
function metaGraphOf(g: Graph): object | null {
  try {
    return exportMetaGraph(null, { graph: g, addShapes: true });
  } catch (e) {
    process.emitWarning(`FileWriter: the MetaGraphDef could not be exported and is left out of the event file: ${(e as Error).message}`);
    return null;
  }
}

/** SessionLog.status values. */
export const SessionLogStatus = { STATUS_UNSPECIFIED: 0, START: 1, STOP: 2, CHECKPOINT: 3 } as const;

function summaryBytes(s: SummaryInput): Uint8Array {
  if (s instanceof NDArray) {
    if (s.dtype !== 'string' || s.size !== 1) throw new TypeError(`A summary must be a scalar string (the value of a summary op), got a ${s.dtype} array of shape [${s.shape.join(',')}].`);
    return bytesOfString(s.data[0] as string);
  }
  if (typeof s === 'string') return bytesOfString(s);
  if (s instanceof Uint8Array) return s;
  return encodeProto('Summary', s);
}

function stepOf(step: Step | undefined | null): number | bigint | undefined {
  if (step === undefined || step === null) return undefined;
  if (step instanceof NDArray) {
    if (step.size !== 1) throw new TypeError(`global_step must be a scalar, got shape [${step.shape.join(',')}].`);
    const v = step.data[0];
    return typeof v === 'bigint' ? v : Math.trunc(Number(v));
  }
  return typeof step === 'bigint' ? step : Math.trunc(step);
}

const isOptions = (x: unknown): x is FileWriterOptions & { graph?: Graph | GraphDefInput } =>
  typeof x === 'object' && x !== null && !(x instanceof Graph) && !(x instanceof Uint8Array) && !('node' in x) && !('versions' in x);

/**
 * Writes event files for TensorBoard (tf.summary.FileWriter / tf.train.SummaryWriter). With
 * a graph, the graph and its MetaGraphDef are written first, as TF 1 does. Events are
 * buffered and written every `flushSecs` (120), when `maxQueue` (10) are pending, on flush()
 * and close(), and when the process exits normally.
 *
 * ```ts
 * const writer = new tf.summary.FileWriter('/tmp/logs/run1', tf.getDefaultGraph());
 * writer.addSummary({ value: [{ tag: 'loss', simple_value: 0.5 }] }, 1);
 * writer.close();
 * ```
 */
export class FileWriter {
  private readonly writer: EventFileWriter;
  private readonly seenTags = new Set<string>();
  private closed = false;
  private warned = false;

  constructor(logdir: string, graph?: Graph | GraphDefInput | null | (FileWriterOptions & { graph?: Graph | GraphDefInput }), opts: FileWriterOptions = {}) {
    let given: Graph | GraphDefInput | null | undefined;
    if (isOptions(graph)) { opts = graph; given = graph.graph; } else given = graph;
    if (given && opts.graphDef) throw new TypeError('Please pass only graph, or graph_def (deprecated), but not both.');
    this.writer = new EventFileWriter(logdir, opts);
    const g = given ?? opts.graphDef;
    if (g) {
      this.addGraph(g);
      const meta = g instanceof Graph ? metaGraphOf(g) : null;
      if (meta) this.addMetaGraph(meta);
    }
  }

  /** The directory this writer writes to. */
  getLogdir(): string { return this.writer.logdir; }
  /** The event file currently written. */
  get eventFilePath(): string { return this.writer.path; }

  private usable(): boolean {
    if (!this.closed) return true;
    if (!this.warned) {
      this.warned = true;
      process.emitWarning('Attempting to use a closed FileWriter. The operation will be a noop unless the FileWriter is explicitly reopened.');
    }
    return false;
  }

  private add(event: EventLike, step?: Step | null): void {
    const s = stepOf(step);
    this.addEvent({ wall_time: wallTime(), ...(s !== undefined ? { step: s } : {}), ...event });
  }

  /** Writes an Event (an object, or serialized bytes) as given. */
  addEvent(event: EventLike | Uint8Array): void {
    if (this.usable()) this.writer.addEvent(event);
  }

  /**
   * Adds a Summary at `globalStep`. Summary metadata is written only with the first value of
   * each tag, as TF does.
   */
  addSummary(summary: SummaryInput, globalStep?: Step | null): void {
    if (!this.usable()) return;
    let bytes = summaryBytes(summary);
    let decoded: ProtoObject;
    try { decoded = decodeProto('Summary', bytes); } catch (e) {
      throw new TypeError(`addSummary: the summary is not a serialized Summary proto (${(e as Error).message}).`);
    }
    const values = (decoded.value ?? []) as ProtoObject[];
    if (values.some(v => v.metadata !== undefined)) {
      for (const v of values) {
        if (v.metadata === undefined) continue;
        const tag = (v.tag ?? '') as string;
        if (this.seenTags.has(tag)) delete v.metadata;
        else this.seenTags.add(tag);
      }
      bytes = encodeProto('Summary', decoded);
    }
    this.add({ summary: bytes }, globalStep);
  }

  /** Adds a SessionLog ({status: SessionLogStatus.START, checkpoint_path, msg}). */
  addSessionLog(sessionLog: ProtoObject, globalStep?: Step | null): void {
    if (this.usable()) this.add({ session_log: sessionLog }, globalStep);
  }

  /** Adds a graph: a Graph (written as its GraphDef with shapes), or a GraphDef. */
  addGraph(graph: Graph | GraphDefInput, globalStep?: Step | null): void {
    if (!this.usable()) return;
    this.add({ graph_def: graphDefBytes(graph) }, globalStep);
  }

  /** Adds a MetaGraphDef (serialized bytes or an object). */
  addMetaGraph(metaGraphDef: Uint8Array | object, globalStep?: Step | null): void {
    if (this.usable()) this.add({ meta_graph_def: metaGraphDefBytes(metaGraphDef) }, globalStep);
  }

  /** Adds serialized RunMetadata under `tag`. */
  addRunMetadata(runMetadata: Uint8Array, tag: string, globalStep?: Step | null): void {
    if (this.usable()) this.add({ tagged_run_metadata: { tag, run_metadata: runMetadata } }, globalStep);
  }

  /** Writes pending events to disk. */
  flush(): void {
    if (this.usable()) this.writer.flush();
  }

  /** Flushes and closes the event file; the writer does nothing until reopen(). */
  close(): void {
    this.writer.close();
    this.closed = true;
  }

  /** Reopens a closed writer; new events go to a new event file in the same logdir. */
  reopen(): void {
    this.writer.reopen();
    this.closed = false;
  }

  [Symbol.dispose](): void { this.close(); }
}
