// Seeded random ops give TF's exact numbers: first, second and third runs in one session,
// and the first run again in a new session. Expected values come from the real TF
// (tools/gen_random_fixtures.py -> test/fixtures/random.json); each case below builds the
// same graph as the Python case of the same name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';

interface Case {
  runs: (number | string)[][][];
  session2: (number | string)[][][];
  shapes: number[][];
  dtypes: string[];
  indices?: number[];
  nodes: [string, string, { seed?: number; seed2?: number }][];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/random.json', import.meta.url), 'utf8')) as Record<string, Case>;

const N = 100003;
const log = (xs: number[]) => xs.map(Math.log);

const cases: Record<string, () => tf.Tensor | tf.Tensor[]> = {
  normal_graph_seed: () => { tf.setRandomSeed(42); return tf.randomNormal([2, 2]); },
  uniform_op_seed: () => tf.randomUniform([6], { seed: 7 }),
  uniform_minmax: () => tf.randomUniform([3, 1], -1.0, 1.0, { seed: 42 }),
  uniform_f64: () => tf.randomUniform([5], { dtype: 'float64', seed: 3 }),
  uniform_f16: () => tf.randomUniform([6], { dtype: 'float16', seed: 3 }),
  normal_f64: () => tf.randomNormal([5], { dtype: 'float64', seed: 3 }),
  normal_f16: () => tf.randomNormal([6], { dtype: 'float16', seed: 3 }),
  normal_mean_std: () => tf.randomNormal([7], 5.0, 0.5, { seed: 11 }),
  truncated_f32: () => tf.truncatedNormal([10], { seed: 5 }),
  truncated_f64: () => tf.truncatedNormal([5], { dtype: 'float64', seed: 5 }),
  truncated_std: () => tf.truncatedNormal([3, 3], { stddev: 0.1, seed: 9 }),
  uniform_int32: () => tf.randomUniform([10], 0, 10, { dtype: 'int32', seed: 1 }),
  uniform_int32_full: () => tf.randomUniform([6], -(2 ** 31), 2 ** 31 - 1, { dtype: 'int32', seed: 1 }),
  uniform_int64: () => tf.randomUniform([6], -5, 1000, { dtype: 'int64', seed: 1 }),
  uniform_int64_wide: () => tf.randomUniform([4], -(2n ** 62n), 2n ** 62n, { dtype: 'int64', seed: 2 }),
  shuffle_1d: () => tf.randomShuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { seed: 1 }),
  shuffle_2d: () => tf.randomShuffle(tf.constant([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]], 'int64'), { seed: 2 }),
  multinomial: () => tf.multinomial([[1.0, 2.0, 3.0], [0.0, 0.0, -Infinity]], 10, { seed: 1 }),
  categorical_f64: () => tf.categorical(tf.constant([log([0.1, 0.2, 0.7])], 'float64'), 7, { dtype: 'int32', seed: 4 }),
  gamma_f32: () => tf.randomGamma([5], [0.5, 2.0], null, { seed: 1 }),
  gamma_f64: () => tf.randomGamma([4], [0.3, 1.0, 7.5], null, { dtype: 'float64', seed: 1 }),
  seeds_zero: () => { tf.setRandomSeed(0); return tf.randomNormal([3], { seed: 0 }); },
  graph_seed_many: () => {
    tf.setRandomSeed(1);
    return [tf.randomUniform([3]), tf.randomNormal([3]), tf.truncatedNormal([3]), tf.randomShuffle([1, 2, 3, 4]),
      tf.randomUniform([3], { seed: 5 })];
  },
  big_uniform: () => tf.randomUniform([N], { seed: 1 }),
  big_normal: () => tf.randomNormal([N], { seed: 1 }),
  big_truncated: () => tf.truncatedNormal([N], { seed: 1 }),
  big_int: () => tf.randomUniform([N], 0, 1000, { dtype: 'int32', seed: 1 }),
  glorot_uniform: () => tf.getVariable('w', [3, 4], { initializer: tf.glorotUniformInitializer({ seed: 1 }) }).readValue(),
  glorot_normal: () => tf.getVariable('w', [3, 4], { initializer: tf.glorotNormalInitializer({ seed: 1 }) }).readValue(),
  he_normal_conv: () => tf.getVariable('w', [3, 3, 2, 4], { initializer: tf.heNormal({ seed: 3 }) }).readValue(),
  lecun_uniform: () => tf.getVariable('w', [3, 4], { initializer: tf.lecunUniform({ seed: 3 }) }).readValue(),
  vs_untruncated_fan_out: () => tf.getVariable('w', [3, 4], {
    initializer: tf.varianceScalingInitializer({ scale: 2.0, mode: 'fan_out', distribution: 'untruncated_normal', seed: 4 }),
  }).readValue(),
  random_normal_init: () => tf.getVariable('w', [3, 4], { initializer: tf.randomNormalInitializer({ mean: 0.5, stddev: 0.25, seed: 6 }) }).readValue(),
  random_uniform_init: () => tf.getVariable('w', [3, 4], { initializer: tf.randomUniformInitializer({ minval: -0.1, maxval: 0.1, seed: 6 }) }).readValue(),
  truncated_normal_init: () => tf.getVariable('w', [3, 4], { initializer: tf.truncatedNormalInitializer({ stddev: 0.01, seed: 6 }) }).readValue(),
  default_init_graph_seed: () => { tf.setRandomSeed(3); return tf.getVariable('w', [3, 4]).readValue(); },
};

// float64 normals go through the C library's double log/sin/cos, which V8's fdlibm-based
// Math functions match only to an ulp or two; float32 uses our copies of glibc's logf and
// sincosf and matches exactly.
const LIBM_F64 = new Set(['normal_f64', 'truncated_f64', 'gamma_f64']);
function assertValues(name: string, got: (number | string)[], want: (number | string)[], msg: string): void {
  if (!LIBM_F64.has(name)) { assert.deepEqual(got, want, msg); return; }
  assert.equal(got.length, want.length, msg);
  got.forEach((g, i) => {
    const a = g as number, b = want[i] as number;
    assert.ok(Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)), `${msg}: [${i}] ${a} vs ${b}`);
  });
}

function flat(v: tf.NDArray, indices?: number[]): (number | string)[] {
  const all = Array.from(v.data as ArrayLike<number | bigint>, x => (typeof x === 'bigint' ? String(x) : x));
  return indices ? indices.map(i => all[i]) : all;
}

for (const [name, expected] of Object.entries(fixture)) {
  test(`TF's numbers: ${name}`, () => {
    const build = cases[name];
    assert.ok(build, `no builder for fixture case ${name}`);
    tf.withGraph(() => {
      const out = build();
      const fetches = Array.isArray(out) ? out : [out];
      const init = tf.globalVariablesInitializer();
      const runAll = (sess: tf.Session) => (sess.run(fetches) as tf.NDArray[]);
      const s1 = new tf.Session();
      s1.run(init);
      expected.runs.forEach((want, r) => {
        const got = runAll(s1);
        got.forEach((v, i) => {
          assert.deepEqual(v.shape, expected.shapes[i], `${name}: shape of fetch ${i}`);
          assert.equal(v.dtype, expected.dtypes[i], `${name}: dtype`);
          assertValues(name, flat(v, expected.indices), want[i], `${name}: run ${r + 1}, fetch ${i}`);
        });
      });
      const s2 = new tf.Session();
      s2.run(init);
      runAll(s2).forEach((v, i) => assertValues(name, flat(v, expected.indices), expected.session2[0][i], `${name}: new session`));
      // the seeds TF stored on the random ops
      const g = tf.getDefaultGraph();
      for (const [node, type, attrs] of expected.nodes) {
        if (attrs.seed === undefined) continue;
        const op = g.getOperationByName(node);
        assert.equal(op.type, type, `${name}: type of ${node}`);
        assert.equal(op.attrs.seed, attrs.seed ?? 0, `${name}: seed of ${node}`);
        assert.equal(op.attrs.seed2, attrs.seed2 ?? 0, `${name}: seed2 of ${node}`);
      }
    });
  });
}
