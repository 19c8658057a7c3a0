// A symbolic Tensor: output `index` of an Operation. It holds no value; a Session
// computes one. Method sugar (x.add(y), x.matmul(w), ...) is attached in ops/sugar.ts.

import type { DType } from './dtypes.js';
import type { Operation } from './operation.js';
import type { Graph } from './graph.js';
import { TensorShape } from './tensor_shape.js';
import type { NDArray } from './ndarray.js';

/** Hooks the client layer installs so that tensor.eval() can find the default session. */
export interface EvalHooks {
  evalTensor(t: Tensor, feedDict: unknown, session: unknown): NDArray;
  runOp(op: Operation, feedDict: unknown, session: unknown): void;
}
let hooks: EvalHooks | null = null;
export function installEvalHooks(h: EvalHooks): void { hooks = h; }
export function evalHooks(): EvalHooks {
  if (!hooks) throw new Error('No session support loaded.');
  return hooks;
}

const REF_OPS = new Set(['VariableV2', 'Assign', 'AssignAdd', 'AssignSub', 'ApplyGradientDescent', 'ApplyMomentum', 'ApplyAdam',
  'ApplyAdagrad', 'ApplyAdadelta', 'ApplyRMSProp', 'ApplyCenteredRMSProp']);

export class Tensor<D extends DType = DType> {
  readonly op: Operation;
  readonly valueIndex: number;
  readonly dtype: D;
  /** The static shape; setShape() may refine it. */
  shape: TensorShape;
  /** Unique within the process; used for plan-cache keys. */
  readonly id: number;
  private static nextId = 1;

  constructor(op: Operation, index: number, dtype: D, shape: TensorShape) {
    this.op = op;
    this.valueIndex = index;
    this.dtype = dtype;
    this.shape = shape;
    this.id = Tensor.nextId++;
  }

  get name(): string { return `${this.op.name}:${this.valueIndex}`; }
  get graph(): Graph { return this.op.graph; }
  get device(): string { return this.op.device; }
  getShape(): TensorShape { return this.shape; }
  get rank(): number | null { return this.shape.rank; }

  /** Refines the static shape (tensor.set_shape): must be compatible. */
  setShape(shape: TensorShape | readonly (number | null)[] | null): void {
    this.shape = this.shape.mergeWith(TensorShape.from(shape));
  }

  /** The operations that use this tensor as an input. */
  consumers(): Operation[] {
    return this.graph.consumersOf(this).slice();
  }

  /** Computes this tensor in `session` (default: the default session), as tensor.eval(). */
  eval(feedDict?: unknown, session?: unknown): NDArray<D> {
    return evalHooks().evalTensor(this, feedDict, session) as NDArray<D>;
  }

  /** Whether this is a reference to a variable's storage (TF prints its dtype as `int32_ref`). */
  get isRef(): boolean { return REF_OPS.has(this.op.type); }

  /** As TF prints it: `Tensor("add:0", shape=(), dtype=int32)`; no shape when the rank is unknown. */
  toString(): string {
    const shape = this.shape.rank === null ? '' : ` shape=${this.shape.toString()},`;
    const device = this.op.device ? `, device=${this.op.device}` : '';
    return `Tensor("${this.name}",${shape} dtype=${this.dtype}${this.isRef ? '_ref' : ''}${device})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}
