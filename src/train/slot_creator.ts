// Slot variables (TF's training/slot_creator.py): per-variable optimizer state such as
// Momentum's accumulator or Adam's m and v. A slot for 'weights' made by op 'Adam' is the
// non-trainable variable 'weights/Adam' (then 'weights/Adam_1', ...), created with
// get_variable under a uniquified variable scope, with the primary's shape and dtype.

import type { DType } from '../framework/dtypes.js';
import type { TensorShape } from '../framework/tensor_shape.js';
import type { Tensor } from '../framework/tensor.js';
import type { Variable } from '../ops/state/variable.js';
import {
  getVariable, getVariableScope, variableScope, zerosInitializer, type Initializer,
} from '../ops/state/variable_scope.js';
import { zeros } from '../ops/array/fill.js';
import { shape as shapeOf } from '../ops/array/shape.js';

/**
 * TF's unique default name for a variable scope: `prefix`, else `prefix_1`, `prefix_2`, ...
 * (a name is taken when an op of that full name exists).
 */
function uniqueScopeName(primary: Variable, prefix: string): string {
  const cur = getVariableScope().name;
  const taken = (n: string) => primary.graph.hasOperation(cur ? `${cur}/${n}` : n);
  if (!taken(prefix)) return prefix;
  let i = 1;
  while (taken(`${prefix}_${i}`)) i++;
  return `${prefix}_${i}`;
}

function slotVariable(primary: Variable, name: string, init: Initializer | Tensor, shape: TensorShape | null, dtype: DType | undefined): Variable {
  const g = primary.graph;
  // slots ignore surrounding control dependencies (TF creates them under init_scope)
  return g.asDefault(() => g.controlDependencies(null, () =>
    variableScope(uniqueScopeName(primary, `${primary.op.name}/${name}`), () =>
      getVariable('', shape ? (shape.dims as number[]) : undefined, {
        initializer: init, trainable: false, dtype, validateShape: shape !== null || (init as Tensor).shape.isFullyDefined,
      })))) as Variable;
}

/** A slot initialized to the value `val` (slot_creator.create_slot). */
export function createSlot(primary: Variable, val: Tensor, name: string): Variable {
  return slotVariable(primary, name, val, null, undefined);
}

/** A slot initialized by `initializer` for a fully defined `shape` (slot_creator.create_slot_with_initializer). */
export function createSlotWithInitializer(primary: Variable, initializer: Initializer, shape: TensorShape, dtype: DType, name: string): Variable {
  return slotVariable(primary, name, initializer, shape, dtype);
}

/** A slot of zeros shaped like the primary (slot_creator.create_zeros_slot). */
export function createZerosSlot(primary: Variable, name: string, dtype?: DType): Variable {
  const dt = dtype ?? primary.dtype;
  if (primary.shape.isFullyDefined) return createSlotWithInitializer(primary, zerosInitializer(), primary.shape, dt, name);
  // a partially known shape: zeros of the primary's run-time shape
  const val = primary.graph.asDefault(() => zeros(shapeOf(primary.initializedValue()), dt));
  return createSlot(primary, val, name);
}
