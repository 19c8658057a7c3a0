// Runs the JSDoc examples of src/summary/*.ts with `tf` as it will be wired (tf.summary,
// tf.io.TFRecordWriter / tfRecordIterator, tf.scalarSummary, ...), paths under /tmp/ moved
// into a fresh temporary directory.

import { test } from 'node:test';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import * as summary from '../../src/summary/index.js';

const dir = new URL('../../../src/summary/', import.meta.url);
const wired = {
  ...tf, summary,
  io: { ...tf.io, TFRecordWriter: summary.TFRecordWriter, tfRecordIterator: summary.tfRecordIterator },
  train: { SummaryWriter: summary.FileWriter, summaryIterator: summary.summaryIterator },
  scalarSummary: summary.scalarSummary, histogramSummary: summary.histogramSummary,
  imageSummary: summary.imageSummary, audioSummary: summary.audioSummary,
  mergeSummary: summary.mergeSummary, mergeAllSummaries: summary.mergeAllSummaries,
};

for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
  const src = readFileSync(new URL(file, dir), 'utf8');
  const blocks = [...src.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')).join('\n'));
  blocks.forEach((code, k) => {
    test(`doc example ${file} #${k + 1}`, () => tf.withGraph(() => {
      const tmp = mkdtempSync(path.join(tmpdir(), 'tg-summary-doc-'));
      try {
        new Function('tf', code.replaceAll("'/tmp/", `'${tmp}/`))(wired);
      } finally { rmSync(tmp, { recursive: true }); }
    }));
  });
}
