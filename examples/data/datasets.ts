// The two real data sets kept in the repo (data/*.csv, extracted from scikit-learn's bundled
// copies by tools/extract_datasets.py), and small helpers the examples share.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function readCsv(name: string): { header: string[]; rows: number[][] } {
  const text = readFileSync(path.join(root, 'data', name), 'utf8').trim().split('\n');
  return { header: text[0].split(','), rows: text.slice(1).map(l => l.split(',').map(Number)) };
}

/** scikit-learn's diabetes regression set: 442 x 10 features, target = disease progression. */
export function loadDiabetes(): { data: Float64Array; target: Float64Array; m: number; n: number; featureNames: string[] } {
  const { header, rows } = readCsv('diabetes.csv');
  const n = header.length - 1, m = rows.length;
  const data = new Float64Array(m * n), target = new Float64Array(m);
  rows.forEach((r, i) => { data.set(r.slice(0, n), i * n); target[i] = r[n]; });
  return { data, target, m, n, featureNames: header.slice(0, n) };
}

/** scikit-learn's 8x8 digits: 1,797 images with grey levels 0..16 and labels 0..9. */
export function loadDigits(): { images: Float32Array; labels: Int32Array; m: number } {
  const { rows } = readCsv('digits.csv');
  const m = rows.length;
  const images = new Float32Array(m * 64), labels = new Int32Array(m);
  rows.forEach((r, i) => { images.set(r.slice(0, 64), i * 64); labels[i] = r[64]; });
  return { images, labels, m };
}

/** Columns scaled to zero mean and unit variance (scikit-learn's StandardScaler). */
export function standardize(data: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let j = 0; j < n; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += data[i * n + j];
    mean /= m;
    let v = 0;
    for (let i = 0; i < m; i++) v += (data[i * n + j] - mean) ** 2;
    const sd = Math.sqrt(v / m) || 1;
    for (let i = 0; i < m; i++) out[i * n + j] = (data[i * n + j] - mean) / sd;
  }
  return out;
}

/** np.c_[np.ones((m, 1)), X]: a bias column in front. */
export function withBias(data: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * (n + 1));
  for (let i = 0; i < m; i++) { out[i * (n + 1)] = 1; out.set(data.subarray(i * n, (i + 1) * n), i * (n + 1) + 1); }
  return out;
}

/** A seeded generator (mulberry32) so the examples are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box-Muller) from a uniform generator. */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
