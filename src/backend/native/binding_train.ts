// The train part of the native addon's surface (native/src/binding_train.cc): the fused
// optimizer updates. Memory stays in the caller's typed arrays; every argument is checked on
// the C++ side (TypeError / RangeError).

/** Op codes of trainApply, with the refs (variable + slots) and scalars each takes, in TF's input order. */
export const TRAIN_OPS = {
  ApplyGradientDescent: 0,  // [var], [alpha]
  ApplyMomentum: 1,         // [var, accum], [lr, momentum]; flag: use_nesterov
  ApplyAdagrad: 2,          // [var, accum], [lr]; flag: update_slots
  ApplyAdadelta: 3,         // [var, accum, accum_update], [lr, rho, epsilon]
  ApplyRMSProp: 4,          // [var, ms, mom], [lr, rho, momentum, epsilon]
  ApplyCenteredRMSProp: 5,  // [var, mg, ms, mom], [lr, rho, momentum, epsilon]
  ApplyAdam: 6,             // [var, m, v], [beta1_power, beta2_power, lr, beta1, beta2, epsilon]; flag: use_nesterov
} as const;

export interface TrainAddon {
  /**
   * Updates refs (the variable and its slots: Float32Arrays or Float64Arrays of one length,
   * pairwise disjoint) in place with grad (same type and length; it may be one of the refs),
   * rounding each step to the dtype exactly as the reference kernels do. scalars: Float64Array
   * of the op's scalar inputs; flags: bit 0 use_nesterov / update_slots, bits 1.. threads.
   */
  trainApply(op: number, refs: Array<Float32Array | Float64Array>, grad: Float32Array | Float64Array, scalars: Float64Array, flags: number): void;
}
