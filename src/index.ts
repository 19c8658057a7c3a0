// The public `tf` namespace: re-exports only.
//   import * as tf from 'tensorgraph';

export { operator } from './ops/sugar.js';
import './backend/native/kernels.js';
import { defaultBackend } from './backend/native/load.js';
import { setDefaultBackendChooser } from './client/session.js';
export { backendInfo, setNativeThreads, type BackendInfo } from './backend/native/load.js';
setDefaultBackendChooser(defaultBackend);
import './client/session.js';

export * from './framework/dtype_constants.js';
export { NDArray } from './framework/ndarray.js';
export type { Complex, ScalarFor, ItemOf, Scalar, NestedArray, ValueLike } from './framework/ndarray.js';
export { TensorShape, type Dim, type ShapeLike } from './framework/tensor_shape.js';
export type { DType } from './framework/dtypes.js';
export { Tensor } from './framework/tensor.js';
export { Operation } from './framework/operation.js';
export { Graph, GraphKeys, KeyError, getDefaultGraph, resetDefaultGraph, withGraph } from './framework/graph.js';
export * as errors from './framework/errors.js';
export {
  ValueError, RuntimeError, OpError, InvalidArgumentError, FailedPreconditionError, NotFoundError, UnimplementedError,
  ResourceExhaustedError, OutOfRangeError, InternalError, UnknownError, AlreadyExistsError, DataLossError,
} from './framework/errors.js';
export { defineOp, registerKernel, getOpDef, registeredOpTypes } from './framework/op_def.js';
export type { OpDef, Attrs, Kernel, GradFn, InputSpec, OutputSpec } from './framework/op_def.js';

export { Session, InteractiveSession, withSession, getDefaultSession } from './client/session.js';
export type { ConfigProto, SessionOptions, Fetches, FetchResult, FeedDict } from './client/session.js';
export type { OptimizerOptions, PlanStats } from './client/plan.js';

export * from './ops/api.js';
export * as io from './io/index.js';
export { readNpy, writeNpy, loadNpz, writeNpz, importGraphDef, makeTensorProto, makeNdarray } from './io/index.js';
export * as summary from './summary/index.js';
export { scalarSummary, histogramSummary, imageSummary, audioSummary, mergeSummary, mergeAllSummaries } from './summary/index.js';
export { gradients, AggregationMethod, UnconnectedGradients, LookupError, broadcastGradientArgs } from './gradients/index.js';
export type { GradientsOptions } from './gradients/index.js';
export * as train from './train/index.js';
export * as nn from './ops/nn/index.js';
export * as losses from './ops/losses/index.js';
