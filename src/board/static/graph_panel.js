// The graph tab's side panel: what is known about the selected op or name scope.

import { h } from './dom.js';
import { parseInput, baseName } from './graph_model.js';

/** A clickable node name that reveals the node in the graph. */
function nodeLink(name, reveal, extra) {
  return h('li', {}, h('button', { class: 'link node-link', title: name, dataset: { name }, onclick: () => reveal(name) }, name), extra ? h('span', { class: 'muted' }, ` ${extra}`) : null);
}

/** Side panel contents for an op. */
export function opPanel(model, name, reveal) {
  const op = model.ops.get(name);
  if (!op) return [h('div', { class: 'empty' }, `no node named ${name}`)];
  const inputs = op.inputs.map((s) => {
    const { name: src, slot, control } = parseInput(s);
    if (control) return nodeLink(src, reveal, '(control)');
    const dt = model.ops.get(src)?.dtypes?.[slot];
    const shape = model.ops.get(src)?.outputShapes?.[slot];
    return nodeLink(s, () => reveal(src), [dt, shape].filter(Boolean).join(' '));
  });
  const nOut = Math.max(op.outputShapes?.length ?? 0, op.dtypes?.length ?? 0);
  const outputs = [];
  for (let i = 0; i < nOut; i++) {
    const consumers = op.consumers.filter((c) => !c.control && c.slot === i);
    outputs.push(h('li', {}, h('span', { class: 'mono' }, `${op.name}${i ? `:${i}` : ''}`), ' ',
      h('span', { class: 'muted' }, [op.dtypes?.[i], op.outputShapes?.[i]].filter(Boolean).join(' ')),
      consumers.length ? h('ul', { class: 'consumers' }, consumers.map((c) => nodeLink(c.name, reveal))) : null));
  }
  const controlled = op.consumers.filter((c) => c.control);
  const attrs = Object.entries(op.attrs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    h('h3', { class: 'panel-title', title: op.name }, baseName(op.name)),
    h('table', { class: 'kv' },
      h('tr', {}, h('th', {}, 'Name'), h('td', { class: 'mono', 'data-field': 'name' }, op.name)),
      h('tr', {}, h('th', {}, 'Op'), h('td', { class: 'mono', 'data-field': 'op' }, op.op)),
      h('tr', {}, h('th', {}, 'Device'), h('td', { class: 'mono', 'data-field': 'device' }, op.device || '(unplaced)')),
      h('tr', {}, h('th', {}, 'dtype'), h('td', { class: 'mono', 'data-field': 'dtype' }, (op.dtypes ?? []).join(', ') || '—')),
      h('tr', {}, h('th', {}, 'Shape'), h('td', { class: 'mono', 'data-field': 'shape' }, (op.outputShapes ?? []).join(', ') || '—'))),
    h('h4', {}, `Inputs (${op.inputs.length})`), inputs.length ? h('ul', { class: 'io' }, inputs) : h('div', { class: 'muted' }, 'none'),
    h('h4', {}, `Outputs (${nOut})`), outputs.length ? h('ul', { class: 'io' }, outputs) : h('div', { class: 'muted' }, 'none'),
    controlled.length ? [h('h4', {}, `Control dependants (${controlled.length})`), h('ul', { class: 'io' }, controlled.map((c) => nodeLink(c.name, reveal)))] : null,
    h('h4', {}, `Attributes (${attrs.length})`),
    attrs.length ? h('table', { class: 'kv attrs' }, attrs.map(([k, v]) => h('tr', {}, h('th', { class: 'mono' }, k), h('td', { class: 'mono' }, String(v))))) : h('div', { class: 'muted' }, 'none'),
  ];
}

/** Side panel contents for a name scope. */
export function scopePanel(model, path, expanded, toggle) {
  const sc = model.scopes.get(path);
  if (!sc) return [];
  const types = new Map();
  for (const op of model.opsUnder(path)) types.set(op.op, (types.get(op.op) ?? 0) + 1);
  const top = [...types.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return [
    h('h3', { class: 'panel-title', title: path }, baseName(path)),
    h('table', { class: 'kv' },
      h('tr', {}, h('th', {}, sc.series ? 'Series' : 'Name scope'), h('td', { class: 'mono', 'data-field': 'name' }, path)),
      h('tr', {}, h('th', {}, 'Ops inside'), h('td', {}, String(sc.opCount))),
      h('tr', {}, h('th', {}, 'Direct children'), h('td', {}, String(sc.children.length)))),
    h('button', { class: 'btn', onclick: () => toggle(path) }, expanded ? 'Collapse' : 'Expand'),
    h('h4', {}, 'Op types'),
    h('table', { class: 'kv' }, top.map(([t, n]) => h('tr', {}, h('th', { class: 'mono' }, t), h('td', {}, String(n))))),
  ];
}
