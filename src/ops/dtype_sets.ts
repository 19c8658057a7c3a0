// TF's "T" type constraints, and the check that reports a dtype outside them.

import type { DType } from '../framework/dtypes.js';

export const FLOATS: readonly DType[] = ['float16', 'float32', 'float64'];
export const FLOATS_C: readonly DType[] = [...FLOATS, 'complex64'];
export const INTS: readonly DType[] = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16'];
export const REAL: readonly DType[] = [...FLOATS, ...INTS];
export const NUMERIC: readonly DType[] = [...REAL, 'complex64'];
export const SIGNED: readonly DType[] = [...FLOATS, 'int8', 'int16', 'int32', 'int64', 'complex64'];
export const BOOL: readonly DType[] = ['bool'];
export const ALL: readonly DType[] = [...NUMERIC, 'bool', 'string', 'qint8', 'quint8', 'qint32'];
export const INDEX: readonly DType[] = ['int32', 'int64'];

export function checkDType(param: string, dtype: DType, allowed: readonly DType[]): void {
  if (!allowed.includes(dtype)) {
    throw new TypeError(`Value passed to parameter '${param}' has DataType ${dtype} not in list of allowed values: ${allowed.join(', ')}`);
  }
}

export function checkSameDType(op: string, names: readonly string[], dtypes: readonly DType[]): void {
  for (let i = 1; i < dtypes.length; i++) {
    if (dtypes[i] !== dtypes[0]) {
      throw new TypeError(`Input '${names[i]}' of '${op}' Op has type ${dtypes[i]} that does not match type ${dtypes[0]} of argument '${names[0]}'.`);
    }
  }
}
