// Pre-1.0 names the seeds use (tf.mul, tf.sub, tf.neg, tf.initialize_all_variables, ...),
// kept as deprecated aliases so ports read like the seeds.

import { multiply, subtract, negative } from './math/index.js';
import { globalVariablesInitializer, variablesInitializer } from './state/variable_scope.js';
import { stack, unstack, where } from './array/index.js';

/** @deprecated TF 0.x name; use tf.multiply. */
export const mul = multiply;
/** @deprecated TF 0.x name; use tf.subtract. */
export const sub = subtract;
/** @deprecated TF 0.x name; use tf.negative. */
export const neg = negative;
/** @deprecated TF 0.x name; use tf.globalVariablesInitializer. */
export const initializeAllVariables = globalVariablesInitializer;
/** @deprecated TF 0.x name; use tf.stack. */
export const pack = stack;
/** @deprecated TF 0.x name; use tf.unstack. */
export const unpack = unstack;
/** @deprecated TF 0.x name; use tf.where. */
export const select = where;
/** @deprecated TF 0.x name; use tf.variablesInitializer. */
export const initializeVariables = variablesInitializer;
