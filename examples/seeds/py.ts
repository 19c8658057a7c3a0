// Python's print() for the seed ports: NDArrays print as NumPy prints them, lists as Python
// lists of NumPy values (NumPy 1.x reprs, as the seeds show), null as None.

import * as tf from '../../src/index.js';

function repr(x: unknown): string {
  if (x instanceof tf.NDArray) {
    if (x.rank === 0) return x.toString();
    // numpy's repr: the str() elements with ', ' separators; dtype shown unless a default one
    const body = x.toString().replace(/(\S) +(?=\S)/g, '$1, ').replace(/\]\n( *)\[/g, '],\n$1      [');
    const implied = x.dtype === 'float64' || x.dtype === 'int64' || x.dtype === 'bool';
    return `array(${body}${implied ? '' : `, dtype=${x.dtype}`})`;
  }
  return str(x);
}

export function str(x: unknown): string {
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (Array.isArray(x)) return `[${x.map(repr).join(', ')}]`;
  return String(x);
}

/** print(a, b, ...) as Python does it. */
export function print(...args: unknown[]): void {
  process.stdout.write(args.map(str).join(' ') + '\n');
}

/** Runs fn and prints the error as Python's traceback summary line would (for the seeds' failing cases). */
export function printError(fn: () => unknown): void {
  try {
    fn();
    print('(no error)');
  } catch (e) {
    const err = e as Error;
    print(`${err.name}: ${err.message.split('\n')[0]}`);
  }
}
