// StopGradient: an identity that gradients do not flow through; NoOp; group.

import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import type { Operation } from '../../framework/operation.js';
import { getDefaultGraph } from '../../framework/graph.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

export const StopGradient = defineOp({
  type: 'StopGradient',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x]) => x,
  grad: () => [null],
});

/** The same value, treated as a constant by tf.gradients (tf.stop_gradient). */
export function stopGradient(x: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'StopGradient', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    return g.addOp(StopGradient, [t], {}, { name: scope }).outputs[0];
  });
}

export const NoOp = defineOp({
  type: 'NoOp',
  infer: () => [],
  kernel: () => [],
  stateful: true,
});

/** An op that does nothing (tf.no_op); with control inputs it runs them. */
export function noOp(opts: { name?: string } = {}): Operation {
  return getDefaultGraph().addOp(NoOp, [], {}, { name: opts.name ?? 'NoOp' });
}

/** An op that runs all `inputs` (tf.group). */
export function group(inputs: readonly (Tensor | Operation | null | undefined)[], opts: { name?: string } = {}): Operation {
  const deps = inputs.filter((x): x is Tensor | Operation => !!x);
  const g = deps.length ? deps[0].graph : getDefaultGraph();
  return g.asDefault(() => g.controlDependencies(deps, () => noOp({ name: opts.name ?? 'group_deps' })));
}
