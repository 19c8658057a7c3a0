// String(op) is the op's NodeDef in protobuf text format, as TF's str(op) (checked against the
// text real TF 2.21 compat.v1 prints for these two ops; TF orders a node's attrs by its hash map,
// tensorgraph by the op definition, so attrs are compared as a set of blocks).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';

const TF_PLACEHOLDER = 'name: "x"\nop: "Placeholder"\nattr {\n  key: "shape"\n  value {\n    shape {\n      dim {\n        size: -1\n      }\n      dim {\n        size: 3\n      }\n    }\n  }\n}\nattr {\n  key: "dtype"\n  value {\n    type: DT_FLOAT\n  }\n}\n';
const TF_ADD = 'name: "y"\nop: "AddV2"\ninput: "x"\ninput: "y/y"\nattr {\n  key: "T"\n  value {\n    type: DT_FLOAT\n  }\n}\n';

function blocks(text: string): string[] {
  const head = text.slice(0, text.indexOf('attr {') < 0 ? text.length : text.indexOf('attr {'));
  const attrs = text.slice(head.length).split(/(?=^attr \{)/m).filter(Boolean).sort();
  return [head, ...attrs];
}

test("String(op) prints the NodeDef as TF's str(op) does", () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, [null, 3], { name: 'x' });
    const y = tf.add(x, 2.0, { name: 'y' });
    assert.deepEqual(blocks(String(x.op)), blocks(TF_PLACEHOLDER));
    assert.equal(String(y.op), TF_ADD);
  });
});
