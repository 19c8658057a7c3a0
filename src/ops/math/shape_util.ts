// Shape-function helpers with TF's InferenceContext wording that the linear-algebra and
// list ops need beyond framework/tensor_shape.ts (Merge of whole shapes, batch matrices).

import { TensorShape, withRankAtLeast, mergeDim, formatShape, type Dim } from '../../framework/tensor_shape.js';
import { ShapeError } from '../../framework/errors.js';

/** TF's InferenceContext::Merge of two shapes ("Dimension 0 in both shapes must be equal ..."). */
export function mergeShapes(a: TensorShape, b: TensorShape): TensorShape {
  if (!a.dims) return b;
  if (!b.dims) return a;
  if (a.dims.length !== b.dims.length) throw new ShapeError(`Shapes must be equal rank, but are ${a.dims.length} and ${b.dims.length}`);
  return new TensorShape(a.dims.map((d, i) => {
    const e = b.dims![i];
    if (d !== null && e !== null && d !== e) {
      throw new ShapeError(`Dimension ${i} in both shapes must be equal, but are ${d} and ${e}. Shapes are ${formatShape(a)} and ${formatShape(b)}.`);
    }
    return d ?? e;
  }));
}

/**
 * TF's MakeBatchSquareMatrix: rank >= 2 and the last two dims merged. `order` picks which
 * dim is named first in the error ("but are 2 and 3"): TF's inverse/Cholesky say rows
 * first, its determinant shape function says columns first.
 */
export function batchSquare(s: TensorShape, order: 'rowsFirst' | 'colsFirst' = 'rowsFirst'): { shape: TensorShape; n: Dim } {
  withRankAtLeast(s, 2);
  if (!s.dims) return { shape: TensorShape.unknown(), n: null };
  const r = s.dims.length;
  const n = order === 'rowsFirst' ? mergeDim(s.dims[r - 2], s.dims[r - 1]) : mergeDim(s.dims[r - 1], s.dims[r - 2]);
  return { shape: new TensorShape([...s.dims.slice(0, -2), n, n]), n };
}
