// Error classes. Build-time mistakes are ValueError / TypeError (as TF's Python raises);
// run-time failures mirror TF's status codes (errors_impl.py) and carry the node.

/** TF's Python ValueError: a bad value or shape at graph-construction time. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's RuntimeError (e.g. using a closed Session). */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** A shape-function failure; Graph.addOp decorates it with the node, op type and input shapes. */
export class ShapeError extends ValueError {}

export interface NodeInfo {
  name: string;
  type: string;
  definedAt?: string;
}

/** Base of run-time errors, as tf.errors.OpError. */
export class OpError extends Error {
  override name = 'OpError';
  readonly node: string | undefined;
  readonly opType: string | undefined;
  readonly errorCode: number;
  /** The message without the node annotation. */
  readonly rawMessage: string;
  constructor(message: string, node?: NodeInfo, code = 2) {
    const where = node
      ? `\n\t [[node ${node.name} (op: ${node.type})${node.definedAt ? ` defined at ${node.definedAt}` : ''}]]`
      : '';
    super(message + where);
    this.rawMessage = message;
    this.node = node?.name;
    this.opType = node?.type;
    this.errorCode = code;
  }
}

function opError(name: string, code: number) {
  const cls = class extends OpError {
    constructor(message: string, node?: NodeInfo) {
      super(message, node, code);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const CancelledError = opError('CancelledError', 1);
export const UnknownError = opError('UnknownError', 2);
export const InvalidArgumentError = opError('InvalidArgumentError', 3);
export const DeadlineExceededError = opError('DeadlineExceededError', 4);
export const NotFoundError = opError('NotFoundError', 5);
export const AlreadyExistsError = opError('AlreadyExistsError', 6);
export const PermissionDeniedError = opError('PermissionDeniedError', 7);
export const ResourceExhaustedError = opError('ResourceExhaustedError', 8);
export const FailedPreconditionError = opError('FailedPreconditionError', 9);
export const AbortedError = opError('AbortedError', 10);
export const OutOfRangeError = opError('OutOfRangeError', 11);
export const UnimplementedError = opError('UnimplementedError', 12);
export const InternalError = opError('InternalError', 13);
export const UnavailableError = opError('UnavailableError', 14);
export const DataLossError = opError('DataLossError', 15);

export type InvalidArgumentError = InstanceType<typeof InvalidArgumentError>;
export type FailedPreconditionError = InstanceType<typeof FailedPreconditionError>;
export type NotFoundError = InstanceType<typeof NotFoundError>;
