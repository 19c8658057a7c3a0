// TensorFlow's protocol buffers, loaded with protobufjs from the .proto files in protos/
// (written here with TensorFlow's field numbers).

import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/src/io -> repository root / package root
const protoDir = path.resolve(here, '../../../protos');

let root: protobuf.Root | null = null;

/** The protobufjs root with every TensorFlow message we read or write. */
export function protoRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) => path.join(protoDir, path.basename(target));
    r.loadSync(['types.proto', 'tensor.proto', 'graph.proto', 'summary.proto', 'checkpoint.proto'], { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return root;
}

/** A message type by its TensorFlow name, e.g. proto('GraphDef'), proto('Summary.Value'). */
export function proto(name: string): protobuf.Type {
  return protoRoot().lookupType(`tensorflow.${name}`);
}
