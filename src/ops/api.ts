// Everything under `tf.` that builds graph: ops, variables, scopes, control flow.

import { getDefaultGraph } from '../framework/graph.js';
import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';

export { constant, placeholder, placeholderWithDefault, identity, convertToTensor } from './core.js';
export type { TensorLike } from './core.js';
export * from './array/index.js';
export * from './math/index.js';
export * from './random/index.js';
export { stopGradient, noOp, group } from './control/stop_gradient.js';
export { Print } from './control/print.js';
export { Variable, assign, assignAdd, assignSub, globalVariables, trainableVariables, localVariables } from './state/variable.js';
export type { VariableOptions, InitialValue } from './state/variable.js';
export {
  variableScope, getVariable, getVariableScope, VariableScope, AUTO_REUSE, zerosInitializer, onesInitializer,
  constantInitializer, variablesInitializer, globalVariablesInitializer, localVariablesInitializer,
} from './state/variable_scope.js';
export type { Initializer, GetVariableOptions, VariableScopeOptions } from './state/variable_scope.js';
export * from './aliases.js';

/** Opens a name scope in the default graph for fn (`with tf.name_scope('A'):`). */
export function nameScope<T>(name: string | null, fn: (scope: string) => T): T {
  return getDefaultGraph().nameScope(name, fn);
}
/** Ops created in fn depend on `deps` (`with tf.control_dependencies([...]):`). */
export function controlDependencies<T>(deps: readonly (Tensor | Operation)[] | null, fn: () => T): T {
  return getDefaultGraph().controlDependencies(deps, fn);
}
/** Places ops created in fn on `device` (`with tf.device('/cpu:0'):`). */
export function device<T>(spec: string | null, fn: () => T): T {
  return getDefaultGraph().device(spec, fn);
}
/** Sets the default graph's random seed (tf.set_random_seed). */
export function setRandomSeed(seed: number): void {
  getDefaultGraph().seed = seed;
}
export function addToCollection(key: string, value: unknown): void { getDefaultGraph().addToCollection(key, value); }
export function getCollection<T = unknown>(key: string, scope?: string): T[] { return getDefaultGraph().getCollection<T>(key, scope); }
export function getCollectionRef<T = unknown>(key: string): T[] { return getDefaultGraph().getCollectionRef<T>(key); }
