// The board page's pure modules (src/board/static/data.js, graph_model.js) tested in Node:
// smoothing, ticks, downloads, histogram percentiles, the name-scope hierarchy, edge
// aggregation and the ELK layout request (laid out with elkjs when it is installed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './e2e_helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = async (file: string): Promise<any> => import(pathToFileURL(path.join(REPO, 'src', 'board', 'static', file)).href);
const data = await load('data.js');
const gm = await load('graph_model.js');

const close = (a: number[], b: number[], eps = 1e-9) => {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= eps, `index ${i}: ${v} vs ${b[i]}`));
};

test('smooth: TensorBoard\'s debiased exponential moving average', () => {
  close(data.smooth([1, 2, 3], 0.5), [1, 1.25 / 0.75, 2.125 / 0.875]);
  close(data.smooth([1, 2, 3], 0), [1, 2, 3]);
  assert.deepEqual(data.smooth([4, 4, 4], 0.9), [4, 4, 4], 'a constant series stays constant');
  const withNaN = data.smooth([1, NaN, 3], 0.5);
  assert.ok(Number.isNaN(withNaN[1]));
  close([withNaN[0], withNaN[2]], [1, (0.25 + 1.5) / 0.75]);
  assert.deepEqual(data.smooth([], 0.6), []);
});

test('nearestIndex, niceTicks, logTicks, extent', () => {
  assert.equal(data.nearestIndex([0, 10, 20], 14), 1);
  assert.equal(data.nearestIndex([0, 10, 20], 16), 2);
  assert.equal(data.nearestIndex([0, 10, 20], -5), 0);
  assert.equal(data.nearestIndex([], 1), -1);
  assert.deepEqual(data.niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(data.niceTicks(0.1, 0.35, 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  assert.deepEqual(data.logTicks(0.01, 1000), [0.01, 0.1, 1, 10, 100, 1000]);
  assert.deepEqual(data.extent([1, NaN, 3], { pad: 0 }), [1, 3]);
  assert.equal(data.extent([NaN]), null);
  const [lo, hi] = data.extent([-1, 0, 10], { positive: true });
  assert.ok(lo > 0 && lo < 10 && hi > 10);
});

test('scalar downloads: TensorBoard\'s CSV columns and JSON rows', () => {
  const pts = [[1700000000.5, 0, 0.25], [1700000001.5, 10, Infinity]];
  assert.equal(data.scalarsCsv(pts), 'Wall time,Step,Value\n1700000000.5,0,0.25\n1700000001.5,10,Infinity\n');
  assert.deepEqual(JSON.parse(data.scalarsJson(pts)), [[1700000000.5, 0, 0.25], [1700000001.5, 10, 'Infinity']]);
  assert.equal(data.xOf([100, 7, 1], 'step', 90), 7);
  assert.equal(data.xOf([100, 7, 1], 'relative', 90), 10);
  assert.equal(data.xOf([100, 7, 1], 'wall', 90), 100);
});

test('histograms: buckets clamped to min/max, re-binned with the counts kept, percentiles', () => {
  const point = { min: 0, max: 2, num: 100, buckets: [[-1.7976931348623157e308, 1, 50], [1, 1.7976931348623157e308, 50]] };
  assert.deepEqual(data.cleanBuckets(point), [[0, 1, 50], [1, 2, 50]]);
  const counts = data.rebin(data.cleanBuckets(point), 0, 2, 4);
  close(counts, [25, 25, 25, 25]);
  const p = data.percentiles(point);
  assert.equal(p.length, 9);
  assert.equal(p[0], 0);
  assert.equal(p[8], 2);
  assert.ok(Math.abs(p[4] - 1) < 1e-12, 'median');
  assert.ok(Math.abs(p[1] - 0.1336) < 1e-12, '6.68th percentile');
  assert.deepEqual(data.rebin([[3, 3, 7]], 3, 3, 5), [0, 0, 7, 0, 0], 'a single value');
});

const NODES = [
  { name: 'x', op: 'Placeholder', inputs: [], outputShapes: ['[?,3]'], dtypes: ['float32'] },
  { name: 'w', op: 'VariableV2', inputs: [], outputShapes: ['[3,4]'], dtypes: ['float32_ref'] },
  { name: 'w/read', op: 'Identity', inputs: ['w'], outputShapes: ['[3,4]'], dtypes: ['float32'] },
  { name: 'w/Assign', op: 'Assign', inputs: ['w', 'init/c'], outputShapes: ['[3,4]'] },
  { name: 'init/c', op: 'Const', inputs: [], outputShapes: ['[3,4]'] },
  { name: 'layer/MatMul', op: 'MatMul', inputs: ['x', 'w/read'], outputShapes: ['[?,4]'] },
  { name: 'layer/Relu', op: 'Relu', inputs: ['layer/MatMul'], outputShapes: ['[?,4]'] },
  { name: 'layer/inner/Neg', op: 'Neg', inputs: ['layer/Relu'], outputShapes: ['[?,4]'] },
  { name: 'loss/Sum', op: 'Sum', inputs: ['layer/Relu', 'layer/inner/Neg:0', 'loss/c', '^w/Assign'], outputShapes: ['[]'] },
  { name: 'loss/c', op: 'Const', inputs: [], outputShapes: ['[2]'] },
];

test('graph model: name scopes, an op named like a scope goes inside it, consumers', () => {
  const m = new gm.GraphModel(NODES);
  assert.deepEqual(m.scopes.get('').children, ['op:x', 'scope:init', 'scope:layer', 'scope:loss', 'scope:w']);
  assert.deepEqual(m.scopes.get('w').children, ['op:w', 'op:w/Assign', 'op:w/read']);
  assert.equal(m.scopes.get('layer').opCount, 3);
  assert.equal(m.scopes.get('').opCount, NODES.length);
  assert.deepEqual(m.ancestors('layer/inner/Neg'), ['layer', 'layer/inner']);
  assert.deepEqual(m.ops.get('layer/Relu').consumers.map((c: { name: string }) => c.name), ['layer/inner/Neg', 'loss/Sum']);
  assert.deepEqual(gm.parseInput('^a/b'), { name: 'a/b', slot: 0, control: true });
  assert.deepEqual(gm.parseInput('a:2'), { name: 'a', slot: 2, control: false });
  assert.equal(gm.commonScope('a/b/c', 'a/b/d'), 'a/b');
  assert.equal(gm.commonScope('a', 'b'), '');
  assert.deepEqual(m.search('relu'), ['layer/Relu']);
  assert.deepEqual(m.search('sum').slice(0, 1), ['loss/Sum']);
  assert.deepEqual(m.search('c'), ['init/c', 'loss/c', 'x', 'layer/MatMul', 'w/Assign'].filter((n) => n.toLowerCase().includes('c')).sort((a, b) => {
    const rank = (n: string) => (n.slice(n.lastIndexOf('/') + 1).toLowerCase() === 'c' ? 0 : 3);
    return rank(a) - rank(b) || a.length - b.length || (a < b ? -1 : 1);
  }));
});

test('graph model: the visible graph aggregates edges between collapsed scopes, labelled with shapes', () => {
  const m = new gm.GraphModel(NODES);
  const v = m.visible(new Set());
  assert.deepEqual([...v.items.keys()].sort(), ['op:x', 'scope:init', 'scope:layer', 'scope:loss', 'scope:w']);
  const byPair = Object.fromEntries(v.edges.map((e: { src: string; dst: string }) => [`${e.src}>${e.dst}`, e]));
  assert.equal(byPair['scope:layer>scope:loss'].count, 2, 'Relu and Neg into loss/Sum');
  assert.equal(byPair['scope:layer>scope:loss'].label, '2×[?,4]');
  assert.equal(byPair['op:x>scope:layer'].label, '[?,3]');
  assert.equal(byPair['scope:w>scope:loss'].label, '', 'a control edge has no label');
  assert.equal(byPair['scope:w>scope:loss'].control, 1);
  assert.equal(v.edges.length, 5);
  assert.equal(v.elk.children.length, 5);
  assert.equal(v.elk.edges.length, 5, 'all edges live in the root container');

  const open = m.visible(new Set(['layer', 'w']));
  assert.ok(open.items.has('op:layer/MatMul'));
  assert.ok(open.items.has('scope:layer/inner') && !open.items.get('scope:layer/inner').expanded);
  const layerNode = open.elk.children.find((c: { id: string }) => c.id === 'scope:layer');
  assert.deepEqual(layerNode.children.map((c: { id: string }) => c.id), ['op:layer/MatMul', 'op:layer/Relu', 'scope:layer/inner']);
  assert.deepEqual(layerNode.edges.map((e: { sources: string[]; targets: string[] }) => `${e.sources[0]}>${e.targets[0]}`).sort(),
    ['op:layer/MatMul>op:layer/Relu', 'op:layer/Relu>scope:layer/inner'], 'edges inside a scope live in it');
  assert.ok(open.elk.edges.some((e: { sources: string[]; targets: string[] }) => e.sources[0] === 'op:w/read' && e.targets[0] === 'op:layer/MatMul'),
    'an edge between two scopes lives in their common ancestor');
});

test('graph model: hub items (init, summary merges) are taken out of the layout', () => {
  const nodes: { name: string; op: string; inputs: string[] }[] = [];
  for (let i = 0; i < 14; i++) {
    nodes.push({ name: `l${i}/w`, op: 'VariableV2', inputs: [] });
    nodes.push({ name: `l${i}/y`, op: 'MatMul', inputs: [i ? `l${i - 1}/y` : `l${i}/w`, `l${i}/w`] });
  }
  nodes.push({ name: 'init', op: 'NoOp', inputs: nodes.filter((n) => n.op === 'VariableV2').map((n) => `^${n.name}`) });
  const v = new gm.GraphModel(nodes).visible(new Set());
  assert.equal(v.items.get('op:init').aux, true);
  assert.equal(v.items.get('op:init').degree, 14);
  assert.equal(v.items.get('scope:l3').aux, false);
  assert.equal(v.edges.filter((e: { hidden: boolean }) => e.hidden).length, 14);
  assert.equal(v.elk.edges.length, 13, 'only the chain is laid out');
});

test('graph model: numbered ops of one type form a series box', () => {
  const nodes = [{ name: 'g/x', op: 'Const', inputs: [] as string[] }];
  for (let i = 0; i < 6; i++) nodes.push({ name: i ? `g/AddN_${i}` : 'g/AddN', op: 'AddN', inputs: ['g/x'] });
  nodes.push({ name: 'g/AddN_9', op: 'Mul', inputs: ['g/AddN_5'] });
  const m = new gm.GraphModel(nodes);
  assert.deepEqual(m.scopes.get('g').children, ['op:g/AddN_9', 'op:g/x', 'scope:g/AddN[0-5]']);
  assert.equal(m.scopes.get('g/AddN[0-5]').series, true);
  assert.deepEqual(m.ancestors('g/AddN_3'), ['g', 'g/AddN[0-5]']);
  assert.equal(m.lca('g/AddN[0-5]', 'g'), 'g');
  const v = m.visible(new Set(['g']));
  assert.equal(v.items.get('scope:g/AddN[0-5]').series, true);
  const e = v.edges.find((x: { src: string }) => x.src === 'op:g/x');
  assert.equal(e.count, 6);
  assert.equal([...m.opsUnder('g/AddN[0-5]')].length, 6);
});

test('graph model: elkjs lays out the visible graph with every item inside its scope', async (t) => {
  let ELK: any;
  try { ELK = (await import(pathToFileURL(path.join(REPO, 'node_modules', 'elkjs', 'lib', 'elk.bundled.js')).href)).default; } catch {
    t.skip('elkjs is not installed');
    return;
  }
  const m = new gm.GraphModel(NODES);
  const v = m.visible(new Set(['layer', 'layer/inner', 'w', 'loss', 'init']));
  const { boxes, edges } = gm.layoutBoxes(await new ELK().layout(v.elk));
  for (const it of v.items.values()) {
    const b = boxes.get(it.id);
    assert.ok(b, `${it.id} laid out`);
    if (!it.parent) continue;
    const p = boxes.get(`scope:${it.parent}`);
    assert.ok(b.x >= p.x && b.y >= p.y && b.x + b.width <= p.x + p.width && b.y + b.height <= p.y + p.height, `${it.id} inside ${it.parent}`);
  }
  assert.equal(edges.length, v.edges.length);
  for (const e of edges) assert.ok(e.sections?.length, `${e.id} routed`);
  // Direction UP: an input sits below its consumer.
  assert.ok(boxes.get('op:layer/MatMul').y > boxes.get('op:layer/Relu').y);
});
