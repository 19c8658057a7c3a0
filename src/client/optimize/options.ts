// The plan optimizer's options (TF's OptimizerOptions, camelCased), their defaults, the
// per-pass time budget, and the statistics a plan reports about what was optimized.

/** ConfigProto.graphOptions.optimizerOptions, as TF names them. Both passes default to on. */
export interface OptimizerOptions {
  /** Evaluate ops whose inputs are all constant once, when the plan is built. */
  doConstantFolding?: boolean;
  /** Run one of several identical ops (same type, attrs and inputs) and share its outputs. */
  doCommonSubexpressionElimination?: boolean;
  /** Largest value folding may create, in bytes (TF's default, 0, means 10 MiB). */
  maxFoldedConstantInBytes?: number;
  /** TF's opt_level: 'L0' turns both passes off unless they are set explicitly; 'L1' (default) leaves them on. */
  optLevel?: 'L0' | 'L1';
  /**
   * Skip pure computations whose values nobody reads and that run only because they are
   * control inputs: typically the gradient of an input that is not a variable (a placeholder),
   * which tf.gradients' `tuple` gates in a group. PyTorch's autograd never computes these;
   * TF 1.x does. Only the errors such a step could raise are lost. Op types in
   * CONTROL_ONLY_SKIPPABLE (matrix products, convolution backprops, elementwise math, shape
   * ops). Default on. Not a TF option.
   */
  skipControlOnlyComputation?: boolean;
  /**
   * Fuse chains of elementwise ops into one pass over memory (backends that offer it: native).
   * Default on. Not a TF option.
   */
  fuseElementwise?: boolean;
  /**
   * Milliseconds each pass may take before it stops (what it did so far stays valid):
   * `base + perStep * steps`. Default 50 ms + 1 µs per step. Not a TF option.
   */
  timeBudget?: { baseMs: number; perStepMs: number };
}

export interface ResolvedOptimizerOptions {
  readonly constantFolding: boolean;
  readonly cse: boolean;
  readonly fusion: boolean;
  readonly skipControlOnly: boolean;
  readonly maxFoldedBytes: number;
  readonly budgetBaseMs: number;
  readonly budgetPerStepMs: number;
}

/** Pure op types a plan may skip when they only serve as control inputs (see skipControlOnlyComputation). */
export const CONTROL_ONLY_SKIPPABLE: ReadonlySet<string> = new Set([
  'MatMul', 'BatchMatMul', 'BatchMatMulV2', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
  'MaxPoolGrad', 'AvgPoolGrad', 'BiasAddGrad', 'Sum', 'Mean', 'Reshape', 'Transpose', 'Identity',
  'Add', 'AddV2', 'AddN', 'Sub', 'Mul', 'RealDiv', 'Neg', 'ReluGrad', 'Relu6Grad', 'TanhGrad',
  'SigmoidGrad', 'EluGrad', 'SoftplusGrad', 'Tile', 'Fill', 'ZerosLike', 'OnesLike', 'Pad', 'Slice',
  'ConcatV2', 'Pack', 'Unpack', 'ExpandDims', 'Squeeze', 'Cast',
]);

export const DEFAULT_MAX_FOLDED_BYTES = 10 * 1024 * 1024;

/**
 * TENSORGRAPH_OPTIMIZER=off turns the passes off for plans whose options do not say
 * otherwise (to compare whole programs with and without them).
 */
function envDefault(): boolean {
  const v = typeof process !== 'undefined' ? process.env.TENSORGRAPH_OPTIMIZER : undefined;
  return !(v && /^(off|0|false|no|l0)$/i.test(v));
}

export function resolveOptimizerOptions(o: OptimizerOptions | undefined): ResolvedOptimizerOptions {
  const on = o?.optLevel === 'L0' ? false : envDefault();
  return {
    constantFolding: o?.doConstantFolding ?? on,
    cse: o?.doCommonSubexpressionElimination ?? on,
    fusion: o?.fuseElementwise ?? on,
    skipControlOnly: o?.skipControlOnlyComputation ?? on,
    maxFoldedBytes: o?.maxFoldedConstantInBytes && o.maxFoldedConstantInBytes > 0 ? o.maxFoldedConstantInBytes : DEFAULT_MAX_FOLDED_BYTES,
    budgetBaseMs: o?.timeBudget?.baseMs ?? 50,
    budgetPerStepMs: o?.timeBudget?.perStepMs ?? 0.001,
  };
}

/** What the optimizer did to one plan. */
export interface PlanStats {
  /** Steps the plan runs (after optimization). */
  steps: number;
  /** Steps evaluated while planning (not counting Const ops). */
  folded: number;
  /** Slots pre-filled with a constant value in every run (Consts and folded values). */
  constants: number;
  /** Steps and constants found identical to an earlier one and shared. */
  deduplicated: number;
  /** Steps dropped because nothing reads their outputs any more. */
  removed: number;
  /** Elementwise steps merged into a later step's fused kernel. */
  fused: number;
  /** Time spent in the optimization passes, ms. */
  optimizeMs: number;
  /** Passes stopped early by the time budget. */
  truncated: string[];
}

/** A pass's time budget; `expired()` is cheap enough to call every few steps. */
export class Deadline {
  private readonly end: number;
  private count = 0;
  expiredOnce = false;
  constructor(ms: number) { this.end = performance.now() + ms; }
  /** Checks the clock every `every` calls (1 = always). */
  expired(every = 32): boolean {
    if (this.expiredOnce) return true;
    if (++this.count < every) return false;
    this.count = 0;
    if (performance.now() > this.end) this.expiredOnce = true;
    return this.expiredOnce;
  }
}
