// Op types that TensorFlow registers as not differentiable (ops.NotDifferentiable, or a
// gradient function that returns only None). When one of them lies on a path from xs to
// ys and its OpDef has no `grad`, tf.gradients propagates null through it, as TF does;
// any other op without a gradient rule is an error.

const TYPES = [
  // state and constants
  'Assign', 'AssignAdd', 'AssignSub', 'ScatterAdd', 'ScatterSub', 'ScatterMul', 'ScatterDiv', 'ScatterUpdate',
  'ScatterNdAdd', 'ScatterNdSub', 'ScatterNdUpdate', 'Const', 'VarIsInitializedOp', 'VariableShape',
  // shapes, indices and integer-valued results
  'Shape', 'ShapeN', 'Size', 'Rank', 'Range', 'LinSpace', 'ConcatOffset', 'InvertPermutation', 'BroadcastGradientArgs',
  'OneHot', 'OnesLike', 'ZerosLike', 'ArgMax', 'ArgMin', 'TruncateDiv', 'PopulationCount', 'EditDistance',
  // comparisons, logic, bits
  'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'ApproximateEqual', 'LogicalAnd', 'LogicalOr',
  'LogicalNot', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'Invert', 'LeftShift', 'RightShift',
  // random numbers
  'RandomUniform', 'RandomStandardNormal', 'TruncatedNormal', 'RandomShuffle', 'Multinomial', 'RandomCrop',
  'ParameterizedTruncatedNormal', 'StatelessRandomUniform', 'StatelessRandomNormal', 'StatelessTruncatedNormal',
  'StatelessMultinomial',
  // summaries and debugging
  'ScalarSummary', 'HistogramSummary', 'ImageSummary', 'AudioSummaryV2', 'TensorSummaryV2', 'MergeSummary', 'Assert',
  'StopGradient',
];

const NOT_DIFFERENTIABLE = new Set(TYPES);

/** Whether TF treats ops of this type as constants for differentiation. */
export function isNotDifferentiable(type: string): boolean {
  return NOT_DIFFERENTIABLE.has(type);
}
