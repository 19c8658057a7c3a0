// The graph tab's model (no DOM, so Node tests import it): the GraphDef's name-scope
// hierarchy, and the graph visible for a set of expanded scopes as an ELK layout request.
// Only the visible hierarchy is laid out: a collapsed scope is one box, and edges between
// the visible items are aggregated (n tensors) as TensorBoard does.

export const OP_H = 26;
/** Numbered ops of one type are grouped into a series from this many on. */
export const SERIES_MIN = 5;
export const SCOPE_H = 36;
export const HEADER_H = 26;
const CHAR_W = 6.6;

/** Parses a GraphDef input ("x", "x:1", "^c") into {name, slot, control}. */
export function parseInput(s) {
  const control = s.startsWith('^');
  const body = control ? s.slice(1) : s;
  const m = /^(.*):(\d+)$/.exec(body);
  return m ? { name: m[1], slot: Number(m[2]), control } : { name: body, slot: 0, control };
}

/** The last path component of a node or scope name. */
export const baseName = (path) => path.slice(path.lastIndexOf('/') + 1);

const truncate = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export class GraphModel {
  /** `nodes`: the contract's /api/graph nodes [{name, op, inputs, device, attrs, outputShapes, dtypes}]. */
  constructor(nodes) {
    this.ops = new Map();
    this.scopes = new Map([['', { path: '', parent: null, children: [], opCount: 0, depth: 0 }]]);
    for (const n of nodes) this.ops.set(n.name, { ...n, inputs: n.inputs ?? [], consumers: [] });
    // Every proper prefix of a name is a scope.
    for (const name of this.ops.keys()) {
      const parts = name.split('/');
      for (let i = 1; i < parts.length; i++) this.addScope(parts.slice(0, i).join('/'));
    }
    for (const op of this.ops.values()) {
      // An op named like a scope ("w" beside "w/read") goes inside that scope, as TensorBoard does.
      const parent = this.scopes.has(op.name) ? op.name : (op.name.includes('/') ? op.name.slice(0, op.name.lastIndexOf('/')) : '');
      op.parent = parent;
      op.chain = parent === '' ? [] : parent.split('/').map((_, i, a) => a.slice(0, i + 1).join('/'));
      this.scopes.get(parent).children.push(`op:${op.name}`);
      this.scopes.get('').opCount++;
      for (const sc of op.chain) this.scopes.get(sc).opCount++;
    }
    for (const op of this.ops.values()) {
      for (const inp of op.inputs) {
        const { name, slot, control } = parseInput(inp);
        const src = this.ops.get(name);
        if (src) src.consumers.push({ name: op.name, slot, control });
      }
    }
    this.groupSeries();
    for (const sc of this.scopes.values()) sc.children.sort();
  }

  /**
   * Groups numbered ops of one type beside each other ("AddN", "AddN_1", ... "AddN_31") into
   * a series box "AddN[0-31]" that expands like a scope, as TensorBoard does: graphs built
   * without name scopes stay readable.
   */
  groupSeries() {
    for (const sc of [...this.scopes.values()]) {
      const groups = new Map();
      for (const id of sc.children) {
        if (!id.startsWith('op:')) continue;
        const op = this.ops.get(id.slice(3));
        const base = baseName(op.name);
        const m = /^(.*)_(\d+)$/.exec(base);
        const key = `${op.op}|${m ? m[1] : base}`;
        if (!groups.has(key)) groups.set(key, { prefix: m ? m[1] : base, members: [] });
        groups.get(key).members.push({ id, op, n: m ? Number(m[2]) : 0 });
      }
      for (const { prefix, members } of groups.values()) {
        if (members.length < SERIES_MIN) continue;
        const ns = members.map((x) => x.n);
        const label = `${prefix}[${Math.min(...ns)}-${Math.max(...ns)}]`;
        const path = sc.path ? `${sc.path}/${label}` : label;
        if (this.scopes.has(path) || this.ops.has(path)) continue;
        const ids = new Set(members.map((x) => x.id));
        sc.children = sc.children.filter((c) => !ids.has(c));
        sc.children.push(`scope:${path}`);
        this.scopes.set(path, { path, parent: sc.path, children: [...ids], opCount: members.length, depth: sc.depth + 1, series: true });
        for (const { op } of members) {
          op.parent = path;
          op.chain = [...op.chain, path];
        }
      }
    }
  }

  /** The scope paths from the root's child down to `path` (parent links, so series count). */
  scopeChain(path) {
    const chain = [];
    for (let p = path; p; p = this.scopes.get(p).parent) chain.unshift(p);
    return chain;
  }

  /** The deepest scope holding both scopes `a` and `b`. */
  lca(a, b) {
    if (a === b) return a;
    const ca = this.scopeChain(a);
    const cb = this.scopeChain(b);
    let i = 0;
    while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
    return i ? ca[i - 1] : '';
  }

  /** The ops inside scope `path`, at any depth. */
  *opsUnder(path) {
    for (const id of this.scopes.get(path)?.children ?? []) {
      if (id.startsWith('op:')) yield this.ops.get(id.slice(3));
      else yield* this.opsUnder(id.slice(6));
    }
  }

  addScope(path) {
    if (this.scopes.has(path)) return;
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    this.addScope(parent);
    this.scopes.set(path, { path, parent, children: [], opCount: 0, depth: path.split('/').length });
    this.scopes.get(parent).children.push(`scope:${path}`);
  }

  /** The visible item standing for an op: its outermost collapsed scope, or the op itself. */
  rep(opName, expanded) {
    const op = this.ops.get(opName);
    for (const sc of op.chain) if (!expanded.has(sc)) return `scope:${sc}`;
    return `op:${opName}`;
  }

  /** The scopes to expand so that `opName` is visible. */
  ancestors(opName) {
    return this.ops.get(opName)?.chain ?? [];
  }

  /** Ops whose name contains `text` (case-insensitive), best matches first. */
  search(text, limit = 50) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    for (const name of this.ops.keys()) {
      const low = name.toLowerCase();
      const i = low.indexOf(q);
      if (i < 0) continue;
      const base = baseName(low);
      const rank = base === q ? 0 : low === q ? 0 : base.startsWith(q) ? 1 : low.startsWith(q) ? 2 : 3;
      hits.push({ name, rank });
    }
    hits.sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || (a.name < b.name ? -1 : 1));
    return hits.slice(0, limit).map((x) => x.name);
  }

  /** The shape text of an op's output `slot` ("[?,3]"), or its dtype, or "". */
  outputLabel(opName, slot) {
    const op = this.ops.get(opName);
    return op?.outputShapes?.[slot] ?? op?.dtypes?.[slot] ?? '';
  }

  /**
   * The visible graph for the set of expanded scope paths: {items, edges, elk}, where `elk`
   * is an ELK JSON graph (layered, hierarchical) with edges in their lowest common container.
   */
  visible(expanded) {
    const items = new Map();
    const containers = new Map(); // scope path -> elk node (root: '')
    const elkOf = (id, parentPath) => {
      if (id.startsWith('op:')) {
        const op = this.ops.get(id.slice(3));
        const label = truncate(baseName(op.name), 26);
        const width = Math.max(54, Math.round(label.length * CHAR_W + 22));
        items.set(id, { id, kind: 'op', name: op.name, label, op: op.op, parent: parentPath });
        return { id, width, height: OP_H };
      }
      const path = id.slice(6);
      const sc = this.scopes.get(path);
      const label = truncate(baseName(path), 30);
      if (!expanded.has(path)) {
        const width = Math.max(96, Math.round(label.length * CHAR_W + 64));
        items.set(id, { id, kind: 'scope', expanded: false, series: !!sc.series, name: path, label, opCount: sc.opCount, parent: parentPath });
        return { id, width, height: SCOPE_H };
      }
      items.set(id, { id, kind: 'scope', expanded: true, series: !!sc.series, name: path, label, opCount: sc.opCount, parent: parentPath });
      const node = {
        id,
        layoutOptions: { 'elk.padding': `[top=${HEADER_H + 8},left=12,bottom=12,right=12]` },
        children: sc.children.map((c) => elkOf(c, path)),
        edges: [],
      };
      containers.set(path, node);
      return node;
    };
    const root = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'UP',
        'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
        'elk.json.edgeCoords': 'ROOT',
        'elk.json.shapeCoords': 'ROOT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '40',
        'elk.spacing.nodeNode': '22',
        'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      },
      children: this.scopes.get('').children.map((c) => elkOf(c, '')),
      edges: [],
    };
    containers.set('', root);

    const agg = new Map();
    for (const op of this.ops.values()) {
      const dst = this.rep(op.name, expanded);
      for (const inp of op.inputs) {
        const { name, slot, control } = parseInput(inp);
        if (!this.ops.has(name)) continue;
        const src = this.rep(name, expanded);
        if (src === dst) continue;
        const key = `${src}>${dst}`;
        let e = agg.get(key);
        if (!e) agg.set(key, (e = { id: `e${agg.size}`, src, dst, count: 0, control: 0, shapes: new Set(), pairs: [] }));
        e.count++;
        if (control) e.control++;
        else e.shapes.add(this.outputLabel(name, slot));
        if (e.pairs.length < 20) e.pairs.push({ from: inp.replace(/^\^/, ''), to: op.name, control });
      }
    }
    const edges = [...agg.values()];
    markAuxiliary(items, edges);
    for (const e of edges) {
      const data = e.count - e.control;
      e.label = data === 0 ? '' : data === 1 ? [...e.shapes][0] : e.shapes.size === 1 ? `${data}×${[...e.shapes][0]}` : `${data} tensors`;
      e.label = truncate(e.label, 24);
      // Edges of hub items are left out of the layout; the view draws them when one end is selected.
      e.hidden = items.get(e.src).aux || items.get(e.dst).aux;
      if (e.hidden) continue;
      const a = items.get(e.src).parent;
      const b = items.get(e.dst).parent;
      const container = containers.get(this.lca(a, b));
      // Labels are placed by the view on the routed edge: ELK's label dummies triple layout time.
      container.edges.push({ id: e.id, sources: [e.src], targets: [e.dst] });
    }
    return { items, edges, elk: root };
  }
}

/** Items with at least this many edges may be hubs. */
export const AUX_MIN_DEGREE = 10;

const quartiles = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const q = (f) => v[Math.min(v.length - 1, Math.floor(f * v.length))] ?? 0;
  return [q(0.25), q(0.5), q(0.75)];
};

/**
 * Marks hub items (item.aux = true, item.degree = n), like TensorBoard's extraction of
 * high-degree nodes (init, save, summary merges, an optimizer's learning rate): among the
 * items of one scope, those with at least AUX_MIN_DEGREE edges and 3x the median, or with an
 * in- or out-degree above max(5, Q3 + 4 IQR) of their siblings'. Routing every edge of such
 * nodes makes the layout a knot of long edges.
 */
export function markAuxiliary(items, edges) {
  for (const it of items.values()) it.aux = false;
  // A few rounds: once the biggest hubs are out, the next ones (a summary merge, say) stand out.
  for (let round = 0; round < 3; round++) {
    const deg = new Map();
    const get = (id) => { let d = deg.get(id); if (!d) deg.set(id, (d = { in: 0, out: 0 })); return d; };
    for (const e of edges) {
      if (items.get(e.src).aux || items.get(e.dst).aux) continue;
      get(e.src).out++;
      get(e.dst).in++;
    }
    const byParent = new Map();
    for (const it of items.values()) {
      if (it.aux || (it.kind === 'scope' && it.expanded)) continue;
      const d = get(it.id);
      Object.assign(it, { degree: d.in + d.out, inDegree: d.in, outDegree: d.out });
      if (!byParent.has(it.parent)) byParent.set(it.parent, []);
      byParent.get(it.parent).push(it);
    }
    let found = false;
    for (const group of byParent.values()) {
      const [, median] = quartiles(group.map((it) => it.degree).filter((d) => d > 0));
      const limit = (key) => {
        if (group.length < 8) return Infinity;
        const [q1, , q3] = quartiles(group.map((it) => it[key]));
        return Math.max(5, q3 + 4 * (q3 - q1));
      };
      const inLimit = limit('inDegree');
      const outLimit = limit('outDegree');
      for (const it of group) {
        if (it.degree >= Math.max(AUX_MIN_DEGREE, 3 * median) || it.inDegree > inLimit || it.outDegree > outLimit) {
          it.aux = true;
          found = true;
        }
      }
    }
    if (!found) break;
  }
  for (const it of items.values()) {
    if (it.aux) it.degree = edges.filter((e) => e.src === it.id || e.dst === it.id).length;
  }
}

/** The deepest scope containing both scope paths a and b. */
export function commonScope(a, b) {
  if (a === b) return a;
  const pa = a ? a.split('/') : [];
  const pb = b ? b.split('/') : [];
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join('/');
}

/** Flattens an ELK layout result (ROOT coordinates) into Map id -> {x, y, width, height}. */
export function layoutBoxes(laid) {
  const boxes = new Map();
  const edges = [];
  const walk = (n) => {
    if (n.id !== 'root') boxes.set(n.id, { x: n.x, y: n.y, width: n.width, height: n.height });
    for (const e of n.edges ?? []) edges.push(e);
    for (const c of n.children ?? []) walk(c);
  };
  walk(laid);
  return { boxes, edges, width: laid.width, height: laid.height };
}
