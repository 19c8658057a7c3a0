// Native train kernels, registered for the 'native' backend (see kernels.ts for the pattern):
// the fused optimizer updates. Each keeps every check of the reference kernel (same code, via
// applyKernelWith in train/training_ops.ts) and only swaps the update loop for one native call,
// which rounds each step exactly as the reference does (bit-identical variables). float16,
// a missing addon and buffers that overlap in other ways than grad === a slot run the
// reference update.

import { registerKernel, type Attrs, type Kernel } from '../../framework/op_def.js';
import { applyKernelWith, type Update } from '../../train/training_ops.js';
import { nativeAddon } from './load.js';
import { TRAIN_OPS } from './binding_train.js';

type FloatData = Float32Array | Float64Array;

const scratch = new Float64Array(8);

function overlap(a: FloatData, b: FloatData): boolean {
  if (a.buffer !== b.buffer) return false;
  const a0 = a.byteOffset, a1 = a0 + a.byteLength, b0 = b.byteOffset, b1 = b0 + b.byteLength;
  return a0 < b1 && b0 < a1;
}

/** Whether the native call accepts these buffers: refs pairwise disjoint, grad disjoint from each or one of them exactly. */
function layoutOk(refs: FloatData[], grad: FloatData): boolean {
  for (let i = 0; i < refs.length; i++) {
    for (let j = i + 1; j < refs.length; j++) if (overlap(refs[i], refs[j])) return false;
    if (overlap(refs[i], grad) && !(refs[i].byteOffset === grad.byteOffset && refs[i].length === grad.length)) return false;
  }
  return true;
}

function nativeUpdate(op: number, flagOf: (a: { useNesterov?: boolean; updateSlots?: boolean }) => boolean) {
  return (reference: Update): Update => (refs, scalars, grad, attrs, r, dtype) => {
    const addon = nativeAddon();
    if (!addon || (dtype !== 'float32' && dtype !== 'float64') || !layoutOk(refs, grad)) {
      reference(refs, scalars, grad, attrs, r, dtype);
      return;
    }
    for (let i = 0; i < scalars.length; i++) scratch[i] = scalars[i];
    addon.trainApply(op, refs, grad, scratch, flagOf(attrs) ? 1 : 0);
  };
}

const never = () => false;
const rows: Array<[keyof typeof TRAIN_OPS, (a: { useNesterov?: boolean; updateSlots?: boolean }) => boolean]> = [
  ['ApplyGradientDescent', never],
  ['ApplyMomentum', a => !!a.useNesterov],
  ['ApplyAdagrad', a => a.updateSlots ?? true],
  ['ApplyAdadelta', never],
  ['ApplyRMSProp', never],
  ['ApplyCenteredRMSProp', never],
  ['ApplyAdam', a => !!a.useNesterov],
];
for (const [type, flag] of rows) {
  registerKernel(type, 'native', applyKernelWith(type, nativeUpdate(TRAIN_OPS[type], flag)) as Kernel<Attrs>);
}
