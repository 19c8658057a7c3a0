// GraphDef export/import: TensorProto and TensorShapeProto encodings, protobuf text format,
// our asGraphDef compared with what real TF writes for the same programs, TF's GraphDefs
// (binary, text, frozen) imported and run to TF's numbers, round trips, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../src/index.js';
import { getOpDef } from '../../src/framework/op_def.js';
import { asGraphDef, serializeGraphDef, parseGraphDef, graphDefToText, writeGraph, readGraphDef, GRAPH_DEF_VERSION } from '../../src/io/graph_def.js';
import { importGraphDef } from '../../src/io/import_graph_def.js';
import { makeTensorProto, makeNdarray, shapeToProto, shapeFromProto, halfBits, halfFromBits } from '../../src/io/tensor_proto.js';
import { messageToText, messageFromText } from '../../src/io/proto_text.js';
import { encodeMessage, decodeMessage } from '../../src/io/proto_message.js';
import type { GraphDef, NodeDef, TensorProto } from '../../src/io/graph_def_types.js';
import { toNDArray } from '../../src/framework/ndarray.js';
import {
  manifest, readFixture, fixturePath, checkRecord, assertMatches, toArray,
  buildSeed, buildSeedConst, buildLinear, buildScopes, buildZoo,
} from './graph_def_fixtures.js';

const graphOf = (build: () => void): tf.Graph => tf.withGraph(g => { build(); return g; });
const text = (name: string): string => readFixture(name).toString('utf8');

// ---- TensorProto / TensorShapeProto -----------------------------------------------------------

test('TensorProto round trip for every dtype, scalars and arrays', () => {
  const samples: tf.NDArray[] = [
    toNDArray([[1.5, -2.25], [65504, 0.000061035156]], 'float16'), toNDArray(3.5, 'float16'),
    toNDArray([[1, 2.5], [-3, 4]], 'float32'), toNDArray(-0.1, 'float32'),
    toNDArray([1e300, -2.5], 'float64'), toNDArray(Math.PI, 'float64'),
    toNDArray([1, -2, 2147483647], 'int32'), toNDArray(-7, 'int32'),
    toNDArray([-128, 127], 'int8'), toNDArray([-32768, 32767], 'int16'), toNDArray([0, 255], 'uint8'), toNDArray([0, 65535], 'uint16'),
    new tf.NDArray('int64', [3], BigInt64Array.of(2n ** 62n + 1n, -(2n ** 63n), 9007199254740993n)), new tf.NDArray('int64', [], BigInt64Array.of(-5n)),
    toNDArray([true, false, true]), toNDArray(false), toNDArray(['a', 'héllo', '']), toNDArray('x'),
    new tf.NDArray('complex64', [2], Float32Array.of(1, 2, 3, -4)), toNDArray([-3, 4], 'qint8'), toNDArray([7, 9], 'qint32'),
    tf.NDArray.zeros('float32', [0, 3]),
  ];
  for (const a of samples) {
    const tp = makeTensorProto(a);
    const back = makeNdarray(decodeMessage('TensorProto', encodeMessage('TensorProto', tp)) as TensorProto);
    assert.equal(back.dtype, a.dtype);
    assert.deepEqual([...back.shape], [...a.shape]);
    assert.deepEqual(back.toFlat(), a.toFlat(), `${a.dtype} [${a.shape.join(',')}]`);
  }
});

test('TensorProto fields are the ones TF uses', () => {
  // several numeric values: raw little-endian tensor_content; scalars, strings, bools, complex: *_val
  assert.deepEqual([...makeTensorProto(toNDArray([1, 2], 'int32')).tensor_content!], [1, 0, 0, 0, 2, 0, 0, 0]);
  assert.deepEqual(makeTensorProto(toNDArray(1.5, 'float32')), { dtype: 'DT_FLOAT', tensor_shape: {}, float_val: [1.5] });
  assert.deepEqual(makeTensorProto(toNDArray([true, false])).bool_val, [true, false]);
  assert.deepEqual(makeTensorProto(toNDArray([1, 2], 'uint16')).int_val, [1, 2]); // uint16 is not a tensor_content type in TF
  assert.deepEqual(makeTensorProto(new tf.NDArray('complex64', [1], Float32Array.of(1, -2))).scomplex_val, [1, -2]);
  // float16 scalars are their bit patterns in half_val; int64 beyond 2^53 stays exact
  assert.deepEqual(makeTensorProto(toNDArray(1.5, 'float16')).half_val, [0x3e00]);
  assert.deepEqual(makeTensorProto(new tf.NDArray('int64', [], BigInt64Array.of(2n ** 60n + 1n))).int64_val, [2n ** 60n + 1n]);
  // filled constants: one value (compact), or the values given (TF repeats the last)
  assert.deepEqual(makeTensorProto(tf.NDArray.zeros('float32', [2, 3]), { compact: true }).float_val, [0]);
  assert.deepEqual(makeTensorProto(toNDArray([1, 2, 2, 2], 'int32'), { given: 2 }).int_val, [1, 2]);
  // half bit patterns
  assert.equal(halfBits(65504), 0x7bff);
  assert.equal(halfBits(-0), 0x8000);
  assert.equal(halfBits(Infinity), 0x7c00);
  assert.equal(halfBits(2 ** -24), 1);
  assert.equal(halfFromBits(0x3c00), 1);
  assert.ok(Number.isNaN(halfFromBits(0x7e00)));
});

test('decoding TensorProtos: fewer values repeat the last, none gives zeros, TF encodings read', () => {
  assert.deepEqual(makeNdarray({ dtype: 'DT_INT32', tensor_shape: { dim: [{ size: 4 }] }, int_val: [1, 2] }).toFlat(), [1, 2, 2, 2]);
  assert.deepEqual(makeNdarray({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 2 }, { size: 2 }] }, float_val: [0.5] }).toFlat(), [0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual(makeNdarray({ dtype: 'DT_STRING', tensor_shape: { dim: [{ size: 3 }] }, string_val: [new TextEncoder().encode('ab')] }).toFlat(), ['ab', 'ab', 'ab']);
  assert.deepEqual(makeNdarray({ dtype: 'DT_COMPLEX64', tensor_shape: { dim: [{ size: 2 }] }, scomplex_val: [1, 2] }).toFlat(), [{ re: 1, im: 2 }, { re: 1, im: 2 }]);
  assert.deepEqual(makeNdarray({ dtype: 3, tensor_shape: { dim: [{ size: 3 }] } }).toFlat(), [0, 0, 0]);
  assert.deepEqual(makeNdarray({ dtype: 'DT_INT64', int64_val: ['9007199254740993' as unknown as bigint] }).toFlat(), [9007199254740993n]);
  assert.deepEqual(makeNdarray({ dtype: 'DT_HALF', tensor_shape: { dim: [{ size: 2 }] }, half_val: [0x3c00, 0xc000] }).toFlat(), [1, -2]);
  assert.deepEqual(makeNdarray({ dtype: 'DT_BOOL', tensor_shape: { dim: [{ size: 2 }] }, tensor_content: Uint8Array.of(0, 1) }).toFlat(), [false, true]);
  // errors name the problem
  assert.throws(() => makeNdarray({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 3 }] }, tensor_content: new Uint8Array(8) }),
    /tensor_content holds 8 bytes, but shape \[3\] of dtype float32 needs 12/);
  assert.throws(() => makeNdarray({ dtype: 'DT_INT32', tensor_shape: { dim: [{ size: 1 }] }, int_val: [1, 2] }), /it has 2 values, but shape \[1\] holds 1/);
  assert.throws(() => makeNdarray({ dtype: 'DT_COMPLEX128', tensor_shape: {} }), /does not support the TensorFlow dtype DT_COMPLEX128/);
  assert.throws(() => makeNdarray({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: -1 }] } }), /shape \[\?\] is not fully defined/);
});

test('TensorProtos in TF\'s zoo GraphDef decode to the values TF computed', () => {
  const gd = parseGraphDef(readFixture('zoo.pb'));
  const rec = manifest.graphs.zoo.fetches;
  for (const name of ['int64_const', 'half_const', 'bool_const', 'string_const', 'uint8_const', 'uint16_const', 'int8_const', 'filled_const', 'double_const', 'complex_const']) {
    const id = gd.node!.find(n => n.name === name)!;
    const src = gd.node!.find(n => n.name === id.input![0])!;
    assertMatches(makeNdarray(src.attr!.value.tensor!), rec[`${name}:0`], name, 0);
  }
});

test('TensorShapeProto: unknown dims are -1, unknown rank is unknown_rank', () => {
  assert.deepEqual(shapeToProto(new tf.TensorShape([null, 3])), { dim: [{ size: -1 }, { size: 3 }] });
  assert.deepEqual(shapeToProto(tf.TensorShape.unknown()), { unknown_rank: true });
  assert.deepEqual(shapeToProto([]), {});
  assert.equal(shapeFromProto({ dim: [{ size: -1 }, { size: 3 }] }).toString(), '(?, 3)');
  assert.equal(shapeFromProto({ unknown_rank: true }).rank, null);
  assert.equal(shapeFromProto({}).rank, 0);
  assert.deepEqual(shapeFromProto({ dim: [{}] }).dims, [0]); // a dim with no size is 0 (proto3 default)
});

// ---- text format ------------------------------------------------------------------------------

test('text format: TF\'s .pbtxt files parse, and print back byte for byte', () => {
  for (const name of Object.keys(manifest.graphs)) {
    const txt = text(`${name}.pbtxt`);
    const fromText = parseGraphDef(txt);
    const fromBinary = parseGraphDef(readFixture(`${name}.pb`));
    assert.equal(graphDefToText(fromText), txt, `${name}: text -> text`);
    assert.equal(graphDefToText(fromBinary), txt, `${name}: binary -> text`);
    assert.deepEqual(Buffer.from(serializeGraphDef(fromBinary)), readFixture(`${name}.pb`), `${name}: binary -> binary`);
    assert.deepEqual(decodeMessage('GraphDef', serializeGraphDef(fromText)), decodeMessage('GraphDef', readFixture(`${name}.pb`)));
  }
});

test('text format: syntax variants TF\'s parser accepts', () => {
  const gd = messageFromText('GraphDef', `
    # a comment
    node < name: 'a' op: "Const" input: ["x", "y:1"]; attr { key: "value" value: { tensor { dtype: DT_FLOAT float_val: [1.5, -inf, nan] tensor_content: "\\001\\x02\\n" "more" } } } >
    node: { name: "b" op: "NoOp" attr { key: "i" value { i: -0x10 } } attr { key: "f" value { f: 1e3f } } attr { key: "b" value { b: t } } }
    versions { producer: 12 bad_consumers: 3 bad_consumers: 4 }
  `) as GraphDef;
  const a = gd.node![0];
  assert.deepEqual(a.input, ['x', 'y:1']);
  const t = a.attr!.value.tensor!;
  assert.equal(t.dtype, 'DT_FLOAT');
  assert.deepEqual(t.float_val!.slice(0, 2), [1.5, -Infinity]);
  assert.ok(Number.isNaN(t.float_val![2]));
  assert.deepEqual([...t.tensor_content!], [1, 2, 10, ...Buffer.from('more')]);
  assert.equal(gd.node![1].attr!.i.i, -16);
  assert.equal(gd.node![1].attr!.f.f, 1000);
  assert.equal(gd.node![1].attr!.b.b, true);
  assert.deepEqual(gd.versions, { producer: 12, bad_consumers: [3, 4] });
  // printing escapes bytes as TF does and reparses to the same object
  const printed = messageToText('GraphDef', gd);
  assert.match(printed, /tensor_content: "\\001\\002\\nmore"/);
  assert.match(printed, /float_val: -inf\n/);
  assert.deepEqual(messageFromText('GraphDef', printed), gd);
});

test('text format: errors give the line and column', () => {
  const bad: [string, RegExp][] = [
    ['node { nme: "a" }', /1:8 : Message type "tensorflow.NodeDef" has no field named "nme"/],
    ['node {\n  name: "a"\n  name: "b"\n}', /3:3 : Message type "tensorflow.NodeDef" should not have multiple "name" fields/],
    ['node { name: "a }', /1:14 : String literal is not terminated/],
    ['node { name: "a"', /Expected "}"/],
    ['node { attr { key: "x" value { i: 1 s: "a" } } }', /another member of oneof "value"/],
    ['versions { producer: 99999999999 }', /Integer out of range/],
    ['node { attr { key: "T" value { type: DT_BANANA } } }', /Enum type "tensorflow.DataType" has no value named DT_BANANA/],
    ['\u0001\u0002garbage', /Unexpected character/],
    ['node { name: 12 }', /Expected string/],
  ];
  for (const [src, re] of bad) {
    assert.throws(() => parseGraphDef(src), (e: Error) => e instanceof tf.ValueError && /Cannot parse text-format tensorflow.GraphDef: /.test(e.message) && re.test(e.message), src);
  }
});

// ---- asGraphDef compared with TF ----------------------------------------------------------------

/** Name, op, inputs and attr names (TF's internal `_` attrs, such as colocation, apart). */
const nodeKey = (n: NodeDef): string => `${n.name} ${n.op} [${(n.input ?? []).join(',')}] {${Object.keys(n.attr ?? {}).filter(k => !k.startsWith('_')).sort().join(',')}}`;

/** Same nodes (names, ops, inputs, attr names) and the same attr values, tensors compared by value. */
function assertSameGraph(ours: GraphDef, theirs: GraphDef, what: string): void {
  assert.deepEqual(ours.node!.map(nodeKey), theirs.node!.map(nodeKey), what);
  const byName = new Map(theirs.node!.map(n => [n.name, n]));
  for (const n of ours.node!) {
    const t = byName.get(n.name)!;
    for (const [k, v] of Object.entries(n.attr ?? {})) {
      if (k.startsWith('_')) continue;
      if (v.tensor) {
        const a = makeNdarray(v.tensor), b = makeNdarray(t.attr![k].tensor!);
        assert.equal(a.dtype, b.dtype, `${what}: ${n.name}.${k} dtype`);
        assert.deepEqual([a.shape, a.toFlat()], [b.shape, b.toFlat()], `${what}: ${n.name}.${k}`);
      } else assert.deepEqual(v, t.attr![k], `${what}: ${n.name}.${k}`);
    }
  }
  assert.deepEqual(ours.versions, theirs.versions);
}

test('asGraphDef of the seed graph is byte-identical to TF\'s', () => {
  const ours = serializeGraphDef(asGraphDef(graphOf(buildSeed)));
  assert.deepEqual(Buffer.from(ours), readFixture('seed.pb'));
  assert.equal(graphDefToText(graphOf(buildSeed)), text('seed.pbtxt'));
  assert.equal(GRAPH_DEF_VERSION, manifest.producer);
});

test('asGraphDef matches TF for the same programs (names, ops, inputs, attrs)', () => {
  const programs: [string, () => void][] = [['seed_const', buildSeedConst], ['linear', buildLinear], ['scopes', buildScopes], ['zoo', buildZoo]];
  for (const [name, build] of programs) assertSameGraph(asGraphDef(graphOf(build)), parseGraphDef(readFixture(`${name}.pb`)), name);
  // with variables, colocation attrs included, the text is identical too
  assert.equal(graphDefToText(graphOf(buildLinear)), text('linear.pbtxt'));
  assert.equal(graphDefToText(graphOf(buildScopes)), text('scopes.pbtxt'));
});

test('asGraphDef records control inputs, devices and _output_shapes', () => {
  const g = graphOf(() => {
    const a = tf.placeholder('float32', [null, 3], 'a');
    const b = tf.device('/cpu:0', () => tf.identity(a, 'b'));
    tf.controlDependencies([b], () => tf.add(a, 1, { name: 'c' }));
    tf.unstack(tf.constant([[1, 2]]), { axis: 1, name: 'u' });
  });
  const gd = asGraphDef(g, { addShapes: true });
  const node = (n: string) => gd.node.find(x => x.name === n)!;
  assert.deepEqual(node('c').input, ['a', 'c/y']); // the dependency is implied through c/y, as in TF
  assert.deepEqual(node('c/y').input, ['^b']);
  assert.equal(node('b').device, '/device:CPU:0');
  assert.deepEqual(node('a').attr!._output_shapes, { list: { shape: [{ dim: [{ size: -1 }, { size: 3 }] }] } });
  assert.deepEqual(node('u').attr!._output_shapes!.list!.shape, [{ dim: [{ size: 1 }] }, { dim: [{ size: 1 }] }]);
  assert.deepEqual(node('u').attr!.num, { i: 2 });
  assert.equal(asGraphDef(g).node.find(x => x.name === 'a')!.attr!._output_shapes, undefined);
  assert.equal(asGraphDef(g, { clearDevices: true }).node.find(x => x.name === 'b')!.device, undefined);
  // the consumers of output 1 name it 'u:1'
  const g2 = graphOf(() => { const [, y] = tf.unstack(tf.constant([1, 2]), { name: 'u' }); tf.identity(y, 'z'); });
  assert.deepEqual(asGraphDef(g2).node.find(x => x.name === 'z')!.input, ['u:1']);
});

// ---- importing TF's GraphDefs ---------------------------------------------------------------------

test('imports TF\'s binary and text GraphDefs and runs them to TF\'s numbers', async t => {
  for (const [name, rec] of Object.entries(manifest.graphs)) {
    const need = name === 'mlp_softmax' ? ['Relu', 'BiasAdd', 'Softmax'].filter(op => !getOpDef(op)) : [];
    for (const ext of ['.pb', '.pbtxt']) {
      await t.test(name + ext, { skip: need.length ? `op types ${need.join(', ')} are not registered yet (tf.nn)` : false }, () => {
        tf.withGraph(g => {
          const els = importGraphDef(readFixture(name + ext), { name: '' });
          assert.deepEqual(els, []);
          checkRecord(g, rec);
        });
      });
    }
  }
});

test('frozen graph: Const weights, input_map, return elements, prefixes', () => {
  const rec = manifest.graphs.frozen;
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [null, 3], 'my_input');
    const [y, op] = importGraphDef(readFixture('frozen.pb'), { inputMap: { input: x }, returnElements: ['output/y:0', 'output/y'] });
    assert.ok(y instanceof tf.Tensor && op instanceof tf.Operation);
    assert.equal((y as tf.Tensor).name, 'import/output/y:0');
    assert.equal((op as tf.Operation).name, 'import/output/y');
    // the mapped input replaced the imported placeholder as the consumer's input
    assert.equal(g.getOperationByName('import/hidden/MatMul').inputs[0], x);
    const sess = new tf.Session();
    assertMatches(sess.run(y as tf.Tensor, [[x, toArray(rec.feeds['input:0'])]]), rec.fetches['output/y:0'], 'y');
    // a second import gets a fresh scope
    const [y2] = importGraphDef(readFixture('frozen.pbtxt'), { returnElements: ['output/y:0'] });
    assert.equal((y2 as tf.Tensor).name, 'import_1/output/y:0');
    checkRecord(g, rec, 'import_1/');
    // imported names are taken: new ops do not collide with them
    assert.equal(tf.identity(x, 'import_1/output/y').op.name, 'import_1/output/y_1');
  });
});

test('inputMap takes values as well as tensors; a bad return element leaves the graph untouched', () => {
  tf.withGraph(g => {
    const [e] = importGraphDef(readFixture('seed.pb'), { inputMap: { 'a:0': toNDArray(5, 'int16'), b: toNDArray(3, 'int16') }, returnElements: ['Add_1:0'] });
    assert.equal(new tf.Session().run(e as tf.Tensor).item(), 23);
    const before = g.getOperations().length;
    assert.throws(() => importGraphDef(readFixture('seed.pb'), { returnElements: ['Add_1:3'] }), /Requested return tensor 'Add_1:3' not found in graph def: 'Add_1' has 1 output\./);
    assert.equal(g.getOperations().length, before);
  });
});

test('import resolves inputs whatever the node order, and keeps the order when already sorted', () => {
  const gd = parseGraphDef(readFixture('seed.pb'));
  const shuffled: GraphDef = { ...gd, node: [...gd.node!].reverse() };
  tf.withGraph(g => {
    importGraphDef(shuffled, { name: 'r' });
    const sess = new tf.Session();
    const out = sess.run(g.getTensorByName('r/Add_1:0'), [[g.getTensorByName('r/a:0'), toNDArray(5, 'int16')], [g.getTensorByName('r/b:0'), toNDArray(3, 'int16')]]);
    assert.equal(out.item(), 23);
  });
  tf.withGraph(g => {
    importGraphDef(gd, { name: '' });
    assert.deepEqual(g.getOperations().map(o => o.name), gd.node!.map(n => n.name));
  });
});

test('TF 2 resource-variable ops import as variables', () => {
  const gd = messageFromText('GraphDef', `
    node { name: "v" op: "VarHandleOp" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { dim { size: 2 } } } }
           attr { key: "shared_name" value { s: "v" } } attr { key: "container" value { s: "" } } attr { key: "allowed_devices" value { list { } } } }
    node { name: "v/Initializer/initial_value" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
           attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } float_val: 1.5 float_val: -2 } } } }
    node { name: "v/Assign" op: "AssignVariableOp" input: "v" input: "v/Initializer/initial_value" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "v/IsInitialized" op: "VarIsInitializedOp" input: "v" }
    node { name: "v/Read/ReadVariableOp" op: "ReadVariableOp" input: "v" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "y" op: "Mul" input: "v/Read/ReadVariableOp" input: "v/Read/ReadVariableOp" attr { key: "T" value { type: DT_FLOAT } } }
    node { name: "inc" op: "AssignAddVariableOp" input: "v" input: "v/Initializer/initial_value" attr { key: "dtype" value { type: DT_FLOAT } } }
  `) as GraphDef;
  tf.withGraph(g => {
    importGraphDef(gd, { name: '' });
    const sess = new tf.Session();
    assert.equal(sess.run(g.getTensorByName('v/IsInitialized:0')).item(), false);
    sess.run(g.getOperationByName('v/Assign'));
    assert.deepEqual(sess.run(g.getTensorByName('y:0')).toFlat(), [2.25, 4]);
    sess.run(g.getOperationByName('inc'));
    assert.deepEqual(sess.run(g.getTensorByName('v/Read/ReadVariableOp:0')).toFlat(), [3, -4]);
  });
});

// ---- round trips ----------------------------------------------------------------------------------

test('round trip: export -> import -> same GraphDef, same numbers', () => {
  for (const [name, build] of [['zoo', buildZoo], ['scopes', buildScopes], ['linear', buildLinear], ['seed', buildSeed]] as const) {
    const g1 = graphOf(build);
    const gd1 = asGraphDef(g1, { addShapes: true });
    for (const form of [gd1, serializeGraphDef(gd1), graphDefToText(gd1)]) {
      tf.withGraph(g2 => {
        importGraphDef(form, { name: '' });
        assert.deepEqual(asGraphDef(g2, { addShapes: true }), gd1, `${name}: same GraphDef after import`);
        if (name !== 'seed') checkRecord(g2, manifest.graphs[name]);
      });
    }
  }
  // text: parse(print(x)) == x for our own graphs
  const gd = asGraphDef(graphOf(buildZoo), { addShapes: true });
  assert.deepEqual(parseGraphDef(graphDefToText(gd)), decodeMessage('GraphDef', serializeGraphDef(gd)));
});

test('writeGraph writes text by default, binary with asText: false, atomically, creating the directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-graphdef-'));
  try {
    const g = graphOf(buildSeed);
    const p1 = writeGraph(g, join(dir, 'sub', 'deeper'), 'graph.pbtxt');
    assert.equal(p1, join(dir, 'sub', 'deeper', 'graph.pbtxt'));
    assert.equal(readFileSync(p1, 'utf8'), text('seed.pbtxt'));
    const p2 = writeGraph(asGraphDef(g), dir, 'graph.pb', { asText: false });
    assert.deepEqual(readFileSync(p2), readFixture('seed.pb'));
    assert.deepEqual(readGraphDef(p1), readGraphDef(p2));
    assert.throws(() => readGraphDef(join(dir, 'missing.pb')), /NotFoundError|No such file/);
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      try {
        assert.throws(() => writeGraph(g, dir, 'graph.pb', { asText: false }), /Permission denied/);
        assert.deepEqual(readFileSync(p2), readFixture('seed.pb'), 'the previous file is intact');
      } finally { chmodSync(dir, 0o700); }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- bad input ------------------------------------------------------------------------------------

test('bad input: truncated or corrupt bytes, garbage text', () => {
  const pb = readFixture('linear.pb');
  for (const cut of [pb.length - 1, pb.length - 7, 40, 3]) {
    assert.throws(() => importGraphDef(pb.subarray(0, cut)), (e: Error) => e instanceof tf.errors.DataLossError && /Cannot parse GraphDef as a binary GraphDef: the data is truncated or corrupt/.test(e.message));
  }
  const corrupt = Buffer.from(pb);
  corrupt[1] = 0xff; // an impossible length
  assert.throws(() => importGraphDef(corrupt), /truncated or corrupt/);
  assert.throws(() => importGraphDef('this is not a graph'), /Cannot parse text-format tensorflow.GraphDef: 1:1 : Message type "tensorflow.GraphDef" has no field named "this"/);
  const dir = mkdtempSync(join(tmpdir(), 'tg-graphdef-bad-'));
  try {
    writeFileSync(join(dir, 'cut.pb'), pb.subarray(0, 50));
    assert.throws(() => readGraphDef(join(dir, 'cut.pb')), /Cannot parse '.*cut\.pb' as a binary GraphDef/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('bad input: unknown op types are listed together, before anything is imported', () => {
  const gd = messageFromText('GraphDef', `
    node { name: "a" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "b" op: "FooBar" input: "a" }
    node { name: "c" op: "Bazz" input: "b" }
    node { name: "d" op: "FooBar" input: "c" }
  `) as GraphDef;
  tf.withGraph(g => {
    assert.throws(() => importGraphDef(gd), (e: Error) =>
      e instanceof tf.NotFoundError && /^Op type not registered 'FooBar', 'Bazz' in the graph \(FooBar: 'b', 'd'; Bazz: 'c'\)/.test(e.message));
    assert.equal(g.getOperations().length, 0);
    const withFn = messageFromText('GraphDef', 'node { name: "c" op: "my_fn" } library { function { signature { name: "my_fn" } } }') as GraphDef;
    assert.throws(() => importGraphDef(withFn), /'my_fn' is a function of the GraphDef's library: tensorgraph does not run graph functions/);
  });
});

test('bad input: cycles, dangling inputs, duplicates, bad input maps and return elements', () => {
  const nodes = (s: string) => messageFromText('GraphDef', s) as GraphDef;
  const cases: [GraphDef, RegExp][] = [
    [nodes('node { name: "a" op: "Identity" input: "b" } node { name: "b" op: "Identity" input: "c" } node { name: "c" op: "Identity" input: "a" }'),
      /The GraphDef has a cycle: 'a' -> 'b' -> 'c' -> 'a'/],
    [nodes('node { name: "a" op: "NoOp" input: "^a" }'), /cycle: 'a' -> 'a'/],
    [nodes('node { name: "a" op: "Identity" input: "zzz" }'), /Node 'a': Unknown input node 'zzz'/],
    [nodes('node { name: "a" op: "NoOp" } node { name: "b" op: "NoOp" input: "^zzz" }'), /Node 'b': Unknown input node '\^zzz'/],
    [nodes('node { name: "a" op: "NoOp" } node { name: "a" op: "NoOp" }'), /Duplicate node name in graph: 'a'/],
    [nodes('node { op: "NoOp" }'), /NodeDef #0 has no name/],
    [nodes('node { name: "a" op: "NoOp" } node { name: "b" op: "NoOp" input: "^a" input: "a" }'), /Control dependencies must come after regular dependencies/],
    [nodes('node { name: "a" op: "NoOp" } node { name: "b" op: "Identity" input: "a:3" }'), /Node 'b': input 'a:3' refers to output 3 of 'a', which has 0 outputs/],
    [nodes('node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } } node { name: "y" op: "AddV2" input: "x" input: "x" attr { key: "T" value { type: DT_INT32 } } }'),
      /Input 0 of node y was passed float32 from x:0 incompatible with expected int32/],
    [nodes('node { name: "x" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } float_val: [1, 2, 3] } } } }'),
      /Invalid TensorProto \(attr of node 'x' 'value'\): it has 3 values, but shape \[2\] holds 2/],
    [nodes('versions { producer: 1 min_consumer: 999999 }'), /min consumer version 999999 above current version/],
    [nodes('node { name: "a" op: "Reshape" input: "b" input: "c" attr { key: "T" value { type: DT_FLOAT } } } node { name: "b" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } } float_val: 1 } } } } node { name: "c" op: "Const" attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 1 } } int_val: 2 } } } }'),
      /'a'.*Reshape|Reshape.*'a'/],
  ];
  for (const [gd, re] of cases) {
    tf.withGraph(g => {
      assert.throws(() => importGraphDef(gd, { name: '' }), re);
      assert.equal(g.getOperations().length, 0, `nothing imported for ${re}`);
    });
  }
  tf.withGraph(g => {
    const x = tf.constant(1.5);
    const seed = readFixture('seed.pb');
    assert.throws(() => importGraphDef(seed, { inputMap: { 'nope:0': x } }), /Attempted to map inputs that were not found in graph_def: \[nope:0\]/);
    assert.throws(() => importGraphDef(seed, { inputMap: { a: x } }), /Input 0 of node import\/Add was passed float32 from Const:0 incompatible with expected int16/);
    assert.throws(() => importGraphDef(seed, { returnElements: ['nope:0'] }), /Requested return tensor 'nope:0' not found in graph def/);
    assert.throws(() => importGraphDef(seed, { returnElements: ['nope'] }), /Requested return node 'nope' not found in graph def/);
    assert.equal(g.getOperations().length, 1, 'only the Const');
    importGraphDef(seed, { name: '' });
    assert.throws(() => importGraphDef(seed, { name: '' }), /the graph already has an operation named 'a'/);
  });
  assert.throws(() => importGraphDef({ node: 'x' } as unknown as GraphDef), /expects a GraphDef/);
});
