// TF's training ops (gen_training_ops): ApplyGradientDescent, ApplyMomentum, ApplyAdagrad,
// ApplyAdadelta, ApplyRMSProp, ApplyCenteredRMSProp, ApplyAdam. Each takes the variable and
// its slot variables as reference inputs, updates them in place in the session's state and
// returns the variable (a `_ref` output, as TF's). One table row per op type.

import type { DType } from '../framework/dtypes.js';
import type { NDArray } from '../framework/ndarray.js';
import { defineOp, type Kernel, type KernelContext, type InputSpec, type OutputSpec } from '../framework/op_def.js';
import type { Operation } from '../framework/operation.js';
import { Tensor } from '../framework/tensor.js';
import { type TensorShape, mergeShape, withRank } from '../framework/tensor_shape.js';
import { InvalidArgumentError } from '../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../ops/core.js';
import { Variable, refTarget } from '../ops/state/variable.js';
import * as k from '../backend/reference/training_ops.js';

export type ApplyAttrs = { useLocking: boolean; useNesterov?: boolean; updateSlots?: boolean };
/** The in-place update of one op, after the checks: refs (variable, slots), scalar inputs in TF's order, the gradient. */
export type Update = (refs: k.FloatData[], scalars: number[], grad: k.FloatData, a: ApplyAttrs, r: k.Round, dtype: DType) => void;

const FLOATS: readonly DType[] = ['float16', 'float32', 'float64'];

interface Row {
  type: string;
  /** TF's input names in TF's order, the reference inputs first. */
  inputs: readonly string[];
  refs: number;
  update: Update;
}

function shapeText(s: readonly number[]): string { return `[${s.join(',')}]`; }

const targetsCache = new WeakMap<Operation, Operation[]>();
function refTargets(op: Operation, n: number): Operation[] {
  let t = targetsCache.get(op);
  if (!t) targetsCache.set(op, (t = op.inputs.slice(0, n).map(refTarget)));
  return t;
}

/** The kernel of an apply op: reads the variable and slots from the session's state, checks shapes and scalars (TF's messages), then runs `update`. */
function applyKernel(row: Row, update: Update): Kernel<ApplyAttrs> {
  const { inputs: names, refs } = row;
  const gradIndex = names.findIndex(n => n === 'grad' || n === 'delta');
  return (inputs: NDArray[], attrs: ApplyAttrs, ctx: KernelContext) => {
    const targets = refTargets(ctx.op, refs);
    const vals = targets.map(t => ctx.state.readVariable(t));
    const shape = vals[0].shape;
    const same = (b: readonly number[]) => b.length === shape.length && b.every((d, i) => d === shape[i]);
    for (let i = 1; i < refs; i++) {
      if (!same(vals[i].shape)) throw new InvalidArgumentError(`var and ${names[i]} do not have the same shape${shapeText(shape)} ${shapeText(vals[i].shape)}`);
    }
    const scalars: number[] = [];
    for (let i = refs; i < names.length; i++) {
      if (i === gradIndex) continue;
      if (inputs[i].shape.length !== 0) throw new InvalidArgumentError(`${names[i]} is not a scalar: ${shapeText(inputs[i].shape)}`);
      scalars.push(inputs[i].data[0] as number);
    }
    const grad = inputs[gradIndex];
    if (!same(grad.shape)) throw new InvalidArgumentError(`var and ${names[gradIndex]} do not have the same shape${shapeText(shape)} ${shapeText(grad.shape)}`);
    update(vals.map(v => v.data as k.FloatData), scalars, grad.data as k.FloatData, attrs, k.roundFor(vals[0].dtype), vals[0].dtype);
    return vals[0];
  };
}

const rows = new Map<string, Row>();

function defineApply(row: Row) {
  rows.set(row.type, row);
  const { type, inputs: names, refs } = row;
  const gradIndex = names.findIndex(n => n === 'grad' || n === 'delta');
  return defineOp<ApplyAttrs>({
    type,
    refInputs: Array.from({ length: refs }, (_, i) => i),
    stateful: true,
    noGradient: true,
    infer: (inputs: InputSpec[]): OutputSpec[] => {
      const dtype = inputs[0].dtype;
      if (!FLOATS.includes(dtype)) {
        throw new TypeError(`Value passed to parameter '${names[0]}' has DataType ${dtype} not in list of allowed values: ${FLOATS.join(', ')}`);
      }
      let s: TensorShape = inputs[0].shape;
      inputs.forEach((x, i) => {
        if (x.dtype !== dtype) {
          throw new TypeError(`Input '${names[i]}' of '${type}' Op has type ${x.dtype} that does not match type ${dtype} of argument '${names[0]}'.`);
        }
        if (i === 0) return;
        if (i < refs || i === gradIndex) s = mergeShape(s, x.shape);
        else withRank(x.shape, 0);
      });
      return [{ dtype, shape: s }];
    },
    kernel: applyKernel(row, row.update),
  });
}

export const ApplyGradientDescent = defineApply({
  type: 'ApplyGradientDescent', inputs: ['var', 'alpha', 'delta'], refs: 1,
  update: ([v], [lr], g, _, r) => k.applyGradientDescent(v, lr, g, r),
});
export const ApplyMomentum = defineApply({
  type: 'ApplyMomentum', inputs: ['var', 'accum', 'lr', 'grad', 'momentum'], refs: 2,
  update: ([v, acc], [lr, mom], g, a, r) => k.applyMomentum(v, acc, lr, g, mom, !!a.useNesterov, r),
});
export const ApplyAdagrad = defineApply({
  type: 'ApplyAdagrad', inputs: ['var', 'accum', 'lr', 'grad'], refs: 2,
  update: ([v, acc], [lr], g, a, r) => k.applyAdagrad(v, acc, lr, g, a.updateSlots ?? true, r),
});
export const ApplyAdadelta = defineApply({
  type: 'ApplyAdadelta', inputs: ['var', 'accum', 'accum_update', 'lr', 'rho', 'epsilon', 'grad'], refs: 3,
  update: ([v, acc, upd], [lr, rho, eps], g, _, r) => k.applyAdadelta(v, acc, upd, lr, rho, eps, g, r),
});
export const ApplyRMSProp = defineApply({
  type: 'ApplyRMSProp', inputs: ['var', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], refs: 3,
  update: ([v, ms, mom], [lr, rho, m, eps], g, _, r) => k.applyRMSProp(v, ms, mom, lr, rho, m, eps, g, r),
});
export const ApplyCenteredRMSProp = defineApply({
  type: 'ApplyCenteredRMSProp', inputs: ['var', 'mg', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], refs: 4,
  update: ([v, mg, ms, mom], [lr, rho, m, eps], g, _, r) => k.applyCenteredRMSProp(v, mg, ms, mom, lr, rho, m, eps, g, r),
});
export const ApplyAdam = defineApply({
  type: 'ApplyAdam', inputs: ['var', 'm', 'v', 'beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon', 'grad'], refs: 3,
  update: ([v, m, s], [b1p, b2p, lr, b1, b2, eps], g, a, r) => k.applyAdam(v, m, s, b1p, b2p, lr, b1, b2, eps, g, !!a.useNesterov, r),
});

/**
 * The kernel of apply op `type` with every check of the reference one, running the update
 * `make(referenceUpdate)` returns (a backend's own update; it may call the reference one for
 * what it does not handle).
 */
export function applyKernelWith(type: string, make: (reference: Update) => Update): Kernel<ApplyAttrs> {
  const row = rows.get(type);
  if (!row) throw new Error(`applyKernelWith: ${type} is not a training op`);
  return applyKernel(row, make(row.update));
}

// ---- builders (gen_training_ops.apply_*) ----------------------------------------------------

type Ref = Variable | Tensor;
interface ApplyOpts { useLocking?: boolean; name?: string }

function refInput(x: Ref, type: string, argName: string): Tensor {
  const t = x instanceof Variable ? x.ref : x;
  if (!(t instanceof Tensor) || (t.op.type !== 'VariableV2' && t.op.type !== 'RefIdentity')) {
    throw new TypeError(`'${type}' Op requires that input '${argName}' be a mutable tensor (e.g.: a tf.Variable)`);
  }
  return t;
}

function build(def: ReturnType<typeof defineApply>, names: readonly string[], refs: readonly Ref[], rest: readonly TensorLike[], attrs: ApplyAttrs, name?: string): Tensor {
  const refTensors = refs.map((r, i) => refInput(r, def.type, names[i]));
  return withScope(name, def.type, [...refTensors, ...rest], (scope, g) => {
    const dtype = refTensors[0].dtype;
    const others = rest.map((x, i) => convertToTensor(x, { name: names[refs.length + i], dtypeHint: dtype }));
    return g.addOp(def, [...refTensors, ...others], attrs, { name: scope }).outputs[0];
  });
}

/** var -= alpha * delta (TF op ApplyGradientDescent); returns the updated variable. */
export function applyGradientDescent(v: Ref, alpha: TensorLike, delta: TensorLike, opts: ApplyOpts = {}): Tensor {
  return build(ApplyGradientDescent, ['var', 'alpha', 'delta'], [v], [alpha, delta], { useLocking: opts.useLocking ?? false }, opts.name);
}
/** accum = accum * momentum + grad; var -= lr * accum (TF op ApplyMomentum). */
export function applyMomentum(v: Ref, accum: Ref, lr: TensorLike, grad: TensorLike, momentum: TensorLike, opts: ApplyOpts & { useNesterov?: boolean } = {}): Tensor {
  return build(ApplyMomentum, ['var', 'accum', 'lr', 'grad', 'momentum'], [v, accum], [lr, grad, momentum],
    { useLocking: opts.useLocking ?? false, useNesterov: opts.useNesterov ?? false }, opts.name);
}
/** accum += grad²; var -= lr * grad / sqrt(accum) (TF op ApplyAdagrad). */
export function applyAdagrad(v: Ref, accum: Ref, lr: TensorLike, grad: TensorLike, opts: ApplyOpts & { updateSlots?: boolean } = {}): Tensor {
  return build(ApplyAdagrad, ['var', 'accum', 'lr', 'grad'], [v, accum], [lr, grad],
    { useLocking: opts.useLocking ?? false, updateSlots: opts.updateSlots ?? true }, opts.name);
}
/** The Adadelta update (TF op ApplyAdadelta). */
export function applyAdadelta(v: Ref, accum: Ref, accumUpdate: Ref, lr: TensorLike, rho: TensorLike, epsilon: TensorLike, grad: TensorLike, opts: ApplyOpts = {}): Tensor {
  return build(ApplyAdadelta, ['var', 'accum', 'accum_update', 'lr', 'rho', 'epsilon', 'grad'], [v, accum, accumUpdate], [lr, rho, epsilon, grad],
    { useLocking: opts.useLocking ?? false }, opts.name);
}
/** The RMSProp update (TF op ApplyRMSProp). */
export function applyRMSProp(v: Ref, ms: Ref, mom: Ref, lr: TensorLike, rho: TensorLike, momentum: TensorLike, epsilon: TensorLike, grad: TensorLike, opts: ApplyOpts = {}): Tensor {
  return build(ApplyRMSProp, ['var', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], [v, ms, mom], [lr, rho, momentum, epsilon, grad],
    { useLocking: opts.useLocking ?? false }, opts.name);
}
/** The centered RMSProp update (TF op ApplyCenteredRMSProp). */
export function applyCenteredRMSProp(v: Ref, mg: Ref, ms: Ref, mom: Ref, lr: TensorLike, rho: TensorLike, momentum: TensorLike, epsilon: TensorLike, grad: TensorLike, opts: ApplyOpts = {}): Tensor {
  return build(ApplyCenteredRMSProp, ['var', 'mg', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], [v, mg, ms, mom], [lr, rho, momentum, epsilon, grad],
    { useLocking: opts.useLocking ?? false }, opts.name);
}
/** The Adam update (TF op ApplyAdam). */
export function applyAdam(v: Ref, m: Ref, vSlot: Ref, beta1Power: TensorLike, beta2Power: TensorLike, lr: TensorLike, beta1: TensorLike, beta2: TensorLike,
  epsilon: TensorLike, grad: TensorLike, opts: ApplyOpts & { useNesterov?: boolean } = {}): Tensor {
  return build(ApplyAdam, ['var', 'm', 'v', 'beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon', 'grad'], [v, m, vSlot],
    [beta1Power, beta2Power, lr, beta1, beta2, epsilon, grad], { useLocking: opts.useLocking ?? false, useNesterov: opts.useNesterov ?? false }, opts.name);
}
