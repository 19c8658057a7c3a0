// The event-file fixture from real TensorFlow (tools/gen_event_fixtures.py).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../test/fixtures/events/', import.meta.url));

export interface OpCase {
  id: string;
  kind: 'scalar' | 'histogram' | 'image' | 'audio' | 'text' | 'tensor' | 'merge';
  args: Record<string, unknown>;
  summary: string;
  images?: { tag: string; height: number; width: number; colorspace: number; shape: number[]; pixels: number[] }[];
}

export interface Fixture {
  tf_version: string;
  run: { file: string; steps: number[]; x: number[]; scalars: Record<string, number[]>; hist_data: number[]; graph_nodes: string[] };
  ops: OpCase[];
  naming: [string, string, string[]][];
  golden_event: { event: string; records: string; payloads: string[] };
  crc32c: [string, number][];
}

export const fixture = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'summaries.json'), 'utf8')) as Fixture;
export const hex = (s: string): Buffer => Buffer.from(s, 'hex');
export const opCase = (id: string): OpCase => {
  const c = fixture.ops.find(o => o.id === id);
  if (!c) throw new Error(`no fixture case ${id}`);
  return c;
};
/** Fixture floats: null = NaN, 'inf' / '-inf'. */
export const floats = (v: unknown[]): number[] => v.map(x => (x === null ? NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x)));
