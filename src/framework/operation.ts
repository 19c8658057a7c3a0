// An Operation: a node of the graph. Its type names an OpDef; its outputs are Tensors.

import type { Attrs, OpDef } from './op_def.js';
import type { Graph } from './graph.js';
import type { Tensor } from './tensor.js';
import { evalHooks } from './tensor.js';

export class Operation<A extends Attrs = Attrs> {
  readonly graph: Graph;
  readonly type: string;
  readonly name: string;
  readonly def: OpDef<Attrs>;
  readonly inputs: readonly Tensor[];
  readonly controlInputs: Operation[];
  outputs: Tensor[] = [];
  readonly attrs: A;
  readonly device: string;
  /** `file:line` of the user's code that built this node (empty when capture is off). */
  readonly definedAt: string;
  /** Creation order within the graph (TF's op._id). */
  readonly id: number;

  constructor(init: {
    graph: Graph; type: string; name: string; def: OpDef<Attrs>; inputs: Tensor[];
    controlInputs: Operation[]; attrs: A; device: string; definedAt: string; id: number;
  }) {
    this.graph = init.graph;
    this.type = init.type;
    this.name = init.name;
    this.def = init.def;
    this.inputs = init.inputs;
    this.controlInputs = init.controlInputs;
    this.attrs = init.attrs;
    this.device = init.device;
    this.definedAt = init.definedAt;
    this.id = init.id;
  }

  get numOutputs(): number { return this.outputs.length; }
  output(i: number): Tensor { return this.outputs[i]; }
  getAttr<K extends keyof A>(key: K): A[K] { return this.attrs[key]; }

  /** Adds control inputs after creation (used by group() and optimizers). */
  addControlInput(op: Operation): void {
    if (op.graph !== this.graph) throw new Error(`Cannot add control input ${op.name} from another graph to ${this.name}.`);
    if (!this.controlInputs.includes(op)) this.controlInputs.push(op);
  }

  /** Runs this operation in `session` (default: the default session), as op.run(). */
  run(feedDict?: unknown, session?: unknown): void {
    evalHooks().runOp(this as Operation, feedDict, session);
  }

  /** For errors: `node 'name' (op: 'Type') defined at file:line`. */
  describe(): string {
    return `'${this.name}' (op: '${this.type}')${this.definedAt ? ` defined at ${this.definedAt}` : ''}`;
  }

  /** The NodeDef in protobuf text format, as TF's `str(op)` prints it. */
  toString(): string {
    if (nodeDefText) return nodeDefText(this as Operation);
    const inputs = this.inputs.map(t => t.name).concat(this.controlInputs.map(o => `^${o.name}`));
    return `name: "${this.name}"\nop: "${this.type}"\n${inputs.map(i => `input: "${i}"\n`).join('')}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `<tf.Operation '${this.name}' type=${this.type}>`; }
}

let nodeDefText: ((op: Operation) => string) | null = null;
/** Installed by io/graph_def.ts: an op's NodeDef as text (keeps framework free of the io layer). */
export function installNodeDefText(f: (op: Operation) => string): void { nodeDefText = f; }
