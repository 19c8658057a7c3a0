// Reading event files (tf.compat.v1.train.summary_iterator): every record decoded as an
// Event, with a clear DataLossError (file and offset) for a truncated or corrupt record.

import { DataLossError } from '../framework/errors.js';
import { readRecords } from './record_reader.js';
import { decodeProto, type ProtoObject } from './proto_util.js';

/** A decoded Summary.Value; `value` names the kind that is set. */
export interface SummaryValue {
  tag?: string;
  node_name?: string;
  metadata?: { plugin_data?: { plugin_name?: string; content?: Uint8Array }; display_name?: string; summary_description?: string; data_class?: number };
  value?: 'simple_value' | 'obsolete_old_style_histogram' | 'image' | 'histo' | 'audio' | 'tensor';
  simple_value?: number;
  histo?: { min?: number; max?: number; num?: number; sum?: number; sum_squares?: number; bucket_limit?: number[]; bucket?: number[] };
  image?: { height?: number; width?: number; colorspace?: number; encoded_image_string?: Uint8Array };
  audio?: { sample_rate?: number; num_channels?: number; length_frames?: number; encoded_audio_string?: Uint8Array; content_type?: string };
  /** A TensorProto object; makeNdarray() gives its value. */
  tensor?: ProtoObject;
}

/**
 * A decoded Event: snake_case fields as in TF, int64 as numbers, bytes as Buffers, fields at
 * their default value absent (step 0 is `undefined`); `what` names the payload that is set.
 */
export interface Event {
  wall_time?: number;
  step?: number;
  what?: 'file_version' | 'graph_def' | 'summary' | 'log_message' | 'session_log' | 'tagged_run_metadata' | 'meta_graph_def';
  file_version?: string;
  graph_def?: Uint8Array;
  summary?: { value?: SummaryValue[] };
  log_message?: { level?: number; message?: string };
  session_log?: { status?: number; checkpoint_path?: string; msg?: string };
  tagged_run_metadata?: { tag?: string; run_metadata?: Uint8Array };
  meta_graph_def?: Uint8Array;
  source_metadata?: { writer?: string };
}

/**
 * Yields the Events of an event file written by TensorFlow or by FileWriter
 * (tf.train.summary_iterator). `path` may also be the file's bytes.
 *
 * ```ts
 * const w = new tf.summary.FileWriter('/tmp/logs');
 * w.addSummary({ value: [{ tag: 'loss', simple_value: 0.5 }] }, 3);
 * w.close();
 * for (const ev of tf.summary.summaryIterator(w.eventFilePath)) {
 *   if (ev.what === 'summary') ev.summary.value[0].simple_value;   // 0.5 (at ev.step 3)
 * }
 * ```
 */
export function* summaryIterator(path: string | Uint8Array): Generator<Event> {
  const name = typeof path === 'string' ? path : '<bytes>';
  for (const { offset, data } of readRecords(path, name)) {
    let ev: Event;
    try { ev = decodeProto('Event', data) as Event; } catch (e) {
      throw new DataLossError(`${name}: the record at ${offset} is not an Event (${(e as Error).message})`);
    }
    yield ev;
  }
}
