// Table-driven numeric gradient checks: every registered op type with a gradient rule has
// spec rows (grad_specs_*.ts) or a stated reason below. A new op without a row fails the
// coverage test; rows whose op or builder does not exist yet are skipped with the reason.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { checkGradients } from '../harness/numeric_grad.js';
import { type GradSpec, Unavailable } from './grad_spec.js';
import { MATH_SPECS } from './grad_specs_math.js';
import { ARRAY_SPECS } from './grad_specs_array.js';
import { LINALG_SPECS } from './grad_specs_linalg.js';
import { NN_SPECS, NN_COMPOSITIONS } from './grad_specs_nn.js';

const SPECS: GradSpec[] = [...MATH_SPECS, ...ARRAY_SPECS, ...LINALG_SPECS, ...NN_SPECS];

/** Differentiable op types without a numeric row, and why. */
const NOT_CHECKED: Record<string, string> = {
  StopGradient: 'its gradient is null by definition (tf.gradients tests cover it)',
  FusedBatchNormV3: 'float32-only inputs, so the float64 checker cannot run it; test/nn/values.test.ts checks its gradients against TF (fused_batch_norm_grad_*)',
};

/** Types registered with a gradient rule (aliases count as the type they alias). */
function differentiableTypes(): string[] {
  return tf.registeredOpTypes().filter(t => {
    const def = tf.getOpDef(t)!;
    return def.grad && def.type === t;
  });
}

function label(row: GradSpec): string {
  return `${row.type}${row.variant ? ` (${row.variant})` : ''}`;
}

function runRow(row: GradSpec, t: { skip(msg?: string): void }, requireType: boolean): void {
  try {
    const r = checkGradients(row.build, row.inputs, { ...row.opts, what: label(row) });
    if (requireType) assert.ok(r.opTypes.has(row.type), `the row for ${row.type} built no ${row.type} op (built: ${[...r.opTypes].join(', ')})`);
  } catch (e) {
    if (e instanceof Unavailable) { t.skip(e.message); return; }
    throw e;
  }
}

test('every differentiable op type has a gradient spec row or a stated reason', () => {
  const covered = new Set(SPECS.map(r => r.type));
  const missing = differentiableTypes().filter(t => !covered.has(t) && !(t in NOT_CHECKED));
  assert.deepEqual(missing, [], `op types with a gradient rule but no row in test/gradients/grad_specs_*.ts: ${missing.join(', ')}`);
});

describe('numeric gradients of every op (float64 central differences)', () => {
  for (const row of SPECS) {
    const def = tf.getOpDef(row.type);
    const skip = !def ? `op type ${row.type} is not registered yet` : !def.grad ? `op type ${row.type} has no gradient rule yet` : false;
    test(label(row), { skip, todo: row.todo }, t => runRow(row, t, true));
  }
  for (const [type, reason] of Object.entries(NOT_CHECKED)) test(type, { skip: reason }, () => {});
});

describe('numeric gradients of tf.nn compositions', () => {
  for (const row of NN_COMPOSITIONS) test(label(row), t => runRow(row, t, false));
});
