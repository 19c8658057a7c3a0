// The Graph tab: the run's GraphDef laid out by elkjs (layered, in a Web Worker) one visible
// hierarchy level at a time; name scopes are boxes that expand and collapse on click; pan by
// dragging, zoom with the wheel; search reveals a node; the side panel describes the selection.

import { h, s, replace } from './dom.js';
import { api } from './api.js';
import { GraphModel, layoutBoxes, HEADER_H } from './graph_model.js';
import { opPanel, scopePanel } from './graph_panel.js';

const ELK_API = '/vendor/elkjs/lib/elk-api.js';
const ELK_WORKER = '/vendor/elkjs/lib/elk-worker.min.js';

let elkPromise = null;
/** Loads elkjs (its API as a classic script, the layout itself in a Web Worker) once. */
function loadElk() {
  elkPromise ??= new Promise((resolve, reject) => {
    const make = () => resolve(new window.ELK({ workerUrl: ELK_WORKER }));
    if (window.ELK) { make(); return; }
    const tag = document.createElement('script');
    tag.src = ELK_API;
    tag.onload = make;
    tag.onerror = () => { elkPromise = null; reject(new Error(`Could not load the graph layout library (${ELK_API}); is elkjs installed?`)); };
    document.head.append(tag);
  });
  return elkPromise;
}

// Kept across re-renders of the tab (live updates, run list changes).
const st = { hover: null, run: null, model: null, expanded: new Set(), selected: null, t: { x: 20, y: 20, k: 1 }, laid: null, seq: 0, fitNext: true };

function route(e) {
  const pts = [];
  for (const sec of e.sections ?? []) pts.push(sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint);
  return pts;
}

/** The middle of the longest segment of a route: where the edge's label goes. */
function labelPoint(pts) {
  let best = null;
  let len = -1;
  for (let i = 1; i < pts.length; i++) {
    const l = Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    if (l > len) { len = l; best = { x: (pts[i].x + pts[i - 1].x) / 2, y: (pts[i].y + pts[i - 1].y) / 2 }; }
  }
  return best;
}

export const graphTab = {
  id: 'graph',
  title: 'Graph',
  kinds: ['graph'],
  render(ctx, container) {
    const runs = ctx.allRuns().filter((r) => r.graph);
    if (!runs.length) { container.append(h('div', { class: 'empty' }, 'No run has a graph. Write one with tf.summary.FileWriter(logdir, graph).')); return; }
    if (!runs.some((r) => r.name === st.run)) { st.run = runs[0].name; st.model = null; }
    const runSel = h('select', { id: 'graph-run', onchange: () => { st.run = runSel.value; st.model = null; st.expanded = new Set(); st.selected = null; st.fitNext = true; load(); } },
      runs.map((r) => h('option', { value: r.name, selected: r.name === st.run }, r.name)));
    const search = h('input', { id: 'graph-search', type: 'search', placeholder: 'Search nodes by name…', autocomplete: 'off' });
    const results = h('ul', { class: 'search-results', style: { display: 'none' } });
    const status = h('span', { class: 'graph-status' });
    const viewport = s('g', { class: 'viewport' });
    const svg = s('svg', { class: 'graph-canvas', id: 'graph-svg' },
      s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', class: 'arrowhead' }))),
      viewport);
    const panel = h('aside', { class: 'graph-panel', id: 'graph-panel' }, h('div', { class: 'muted' }, 'Click a node to see its details; click a name scope to expand or collapse it.'));
    const btn = (label, title, onclick) => h('button', { class: 'tool', title, onclick }, label);
    container.append(h('div', { class: 'graph-tab' },
      h('div', { class: 'graph-toolbar' }, h('label', {}, 'Run ', runSel), h('div', { class: 'search-wrap' }, search, results),
        btn('fit', 'Fit to screen', () => { fit(); apply(); }), btn('+', 'Zoom in', () => zoomBy(1.25)), btn('−', 'Zoom out', () => zoomBy(0.8)),
        btn('collapse all', 'Collapse every name scope', () => { st.expanded = new Set(); relayout(null); }), status),
      h('div', { class: 'graph-body' }, svg, panel)));

    const apply = () => viewport.setAttribute('transform', `translate(${st.t.x},${st.t.y}) scale(${st.t.k})`);
    const size = () => { const r = svg.getBoundingClientRect(); return { w: r.width || 800, h: r.height || 600 }; };
    /**
     * Fits the graph to the view. `minK`: the automatic fit of a new layout never goes below a
     * scale where labels stay readable (the view then starts at the top; pan, zoom or "fit"
     * show the rest).
     */
    function fit(minK = 0.05) {
      if (!st.laid) return;
      const { w, h: ht } = size();
      const k = Math.max(minK, Math.min(1.2, (w - 40) / Math.max(1, st.laid.width), (ht - 40) / Math.max(1, st.laid.height)));
      st.t = { k, x: Math.max((w - st.laid.width * k) / 2, Math.min(20, w - st.laid.width * k)), y: 20 };
    }
    function zoomBy(f, cx, cy) {
      const { w, h: ht } = size();
      cx ??= w / 2; cy ??= ht / 2;
      const k = Math.min(8, Math.max(0.02, st.t.k * f));
      st.t = { k, x: cx - ((cx - st.t.x) * k) / st.t.k, y: cy - ((cy - st.t.y) * k) / st.t.k };
      apply();
    }
    /** Pans (and zooms out if needed) so that a freshly expanded box is on screen. */
    function showBox(b) {
      const { w, h: ht } = size();
      const k = Math.max(0.05, Math.min(st.t.k, (w - 40) / b.width, (ht - 40) / b.height));
      // Zoom about the box's top-left corner, then move the box into view if it sticks out.
      let x = b.x * st.t.k + st.t.x - b.x * k;
      let y = b.y * st.t.k + st.t.y - b.y * k;
      const left = b.x * k + x;
      const top = b.y * k + y;
      if (left < 20 || left + b.width * k > w - 20) x = (w - b.width * k) / 2 - b.x * k;
      if (top < 20 || top + b.height * k > ht - 20) y = Math.max(20, (ht - b.height * k) / 2) - b.y * k;
      st.t = { k, x, y };
    }
    function centerOn(id) {
      const b = st.laid?.boxes.get(id);
      if (!b) return;
      const { w, h: ht } = size();
      const k = Math.max(st.t.k, 0.9);
      st.t = { k, x: w / 2 - (b.x + b.width / 2) * k, y: ht / 2 - (b.y + b.height / 2) * k };
      apply();
    }

    function draw() {
      const { items } = st.visible;
      const { boxes } = st.laid;
      const scopeBoxes = [];
      const nodes = [];
      const sorted = [...items.values()].sort((a, b) => a.name.split('/').length - b.name.split('/').length);
      for (const it of sorted) {
        const b = boxes.get(it.id);
        if (!b) continue;
        const sel = (st.selected === it.id ? ' selected' : '') + (it.aux ? ' aux' : '') + (it.series ? ' series' : '');
        const hubNote = it.aux ? `\n${it.degree} connections, shown on hover` : '';
        const data = { id: it.id, name: it.name, kind: it.kind };
        if (it.kind === 'scope' && it.expanded) {
          scopeBoxes.push(s('g', { class: `node scope expanded${sel}`, dataset: { ...data, expanded: 'true' } },
            s('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 8, class: 'scope-box' }),
            s('rect', { x: b.x, y: b.y, width: b.width, height: HEADER_H, rx: 8, class: 'scope-header' }),
            s('text', { x: b.x + 10, y: b.y + 17, class: 'scope-label' }, `− ${it.label}`),
            s('title', {}, `${it.name} (${it.opCount} ops) — click to collapse`)));
        } else if (it.kind === 'scope') {
          nodes.push(s('g', { class: `node scope collapsed${sel}`, dataset: { ...data, expanded: 'false' } },
            s('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 8, class: 'scope-box' }),
            s('text', { x: b.x + 10, y: b.y + 22, class: 'scope-label' }, `+ ${it.label}`),
            s('text', { x: b.x + b.width - 8, y: b.y + 22, class: 'scope-count', 'text-anchor': 'end' }, String(it.opCount)),
            s('title', {}, `${it.name} (${it.opCount} ops) — click to expand${hubNote}`)));
        } else {
          nodes.push(s('g', { class: `node op op-${it.op.replace(/[^A-Za-z0-9]/g, '')}${sel}`, dataset: { ...data, op: it.op } },
            s('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: b.height / 2, class: 'op-box' }),
            s('text', { x: b.x + b.width / 2, y: b.y + 17, class: 'op-label', 'text-anchor': 'middle' }, it.label),
            s('title', {}, `${it.name}\n${it.op}${hubNote}`)));
        }
      }
      viewport.replaceChildren(s('g', { class: 'scopes' }, scopeBoxes), edgeLayer, s('g', { class: 'nodes' }, nodes), labelLayer);
      drawEdges();
      svg.dataset.items = String(items.size);
      apply();
    }

    const edgeLayer = s('g', { class: 'edges' });
    const labelLayer = s('g', { class: 'labels' });
    /** Edges and their labels; hub edges only for the selected or hovered item. */
    function drawEdges() {
      const { edges: edgeInfo } = st.visible;
      const { boxes, edges } = st.laid;
      const focus = (id) => id === st.selected || id === st.hover;
      const edgeEls = [];
      const labels = [];
      const routed = new Map(edges.map((e) => [e.id, e]));
      const title = (info) => s('title', {}, info.pairs.map((p) => `${p.from} → ${p.to}${p.control ? ' (control)' : ''}`).join('\n') + (info.count > info.pairs.length ? '\n…' : ''));
      for (const info of edgeInfo) {
        const hl = focus(info.src) || focus(info.dst) ? ' hl' : '';
        const width = Math.min(4, 1 + Math.log2(info.count) * 0.6).toFixed(2);
        const cls = `edge${info.control === info.count ? ' control' : ''}${hl}`;
        const data = { src: info.src, dst: info.dst, count: info.count };
        if (info.hidden) {
          // A hub's edge: drawn only while one of its ends is selected, as a curve.
          const a = boxes.get(info.src);
          const b = boxes.get(info.dst);
          if (!hl || !a || !b) continue;
          const p = { x: a.x + a.width / 2, y: a.y };
          const q = { x: b.x + b.width / 2, y: b.y + b.height };
          const dy = Math.max(40, Math.abs(p.y - q.y) / 2);
          edgeEls.push(s('path', { d: `M${p.x},${p.y}C${p.x},${p.y - dy} ${q.x},${q.y + dy} ${q.x},${q.y}`, class: `${cls} aux-edge`, 'stroke-width': width, 'marker-end': 'url(#arrow)', dataset: data }, title(info)));
          continue;
        }
        const pts = route(routed.get(info.id) ?? {});
        if (pts.length < 2) continue;
        edgeEls.push(s('path', { d: pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(''),
          class: cls, 'stroke-width': width, 'marker-end': 'url(#arrow)', dataset: data }, title(info)));
        const lp = info.label && labelPoint(pts);
        if (lp) labels.push(s('text', { x: lp.x + 4, y: lp.y + 3, class: 'edge-label' }, info.label));
      }
      edgeLayer.replaceChildren(...edgeEls);
      labelLayer.replaceChildren(...labels);
    }

    function showPanel() {
      const id = st.selected;
      if (!id) return;
      if (id.startsWith('op:')) replace(panel, opPanel(st.model, id.slice(3), reveal));
      else replace(panel, scopePanel(st.model, id.slice(6), st.expanded.has(id.slice(6)), toggle));
    }

    /** Lays out the visible graph; keeps the item `anchor` where it was on screen. */
    async function relayout(anchor) {
      const seq = ++st.seq;
      const before = anchor && st.laid?.boxes.get(anchor);
      st.visible = st.model.visible(st.expanded);
      status.textContent = `laying out ${st.visible.items.size} items…`;
      svg.dataset.state = 'layout';
      let laid;
      try {
        const elk = await loadElk();
        const t0 = performance.now();
        laid = layoutBoxes(await elk.layout(st.visible.elk));
        if (seq !== st.seq) return;
        status.textContent = `${st.model.ops.size} ops · ${st.visible.items.size} shown · layout ${Math.round(performance.now() - t0)} ms`;
      } catch (e) {
        if (seq !== st.seq) return;
        status.textContent = '';
        svg.dataset.state = 'error';
        replace(panel, h('div', { class: 'error' }, e.message));
        return;
      }
      st.laid = laid;
      const after = anchor && laid.boxes.get(anchor);
      if (st.fitNext) { st.fitNext = false; fit(0.7); } else if (before && after) {
        st.t.x += (before.x - after.x) * st.t.k;
        st.t.y += (before.y - after.y) * st.t.k;
        if (after.width > before.width || after.height > before.height) showBox(after);
      }
      draw();
      showPanel();
      svg.dataset.state = 'ready';
    }

    function toggle(path) {
      if (st.expanded.has(path)) {
        for (const p of [...st.expanded]) if (p === path || p.startsWith(`${path}/`)) st.expanded.delete(p);
      } else st.expanded.add(path);
      st.selected = `scope:${path}`;
      return relayout(`scope:${path}`);
    }

    /** Expands the scopes around op `name`, selects it and centres the view on it. */
    async function reveal(name) {
      if (!st.model.ops.has(name)) return;
      const need = st.model.ancestors(name).filter((p) => !st.expanded.has(p));
      for (const p of need) st.expanded.add(p);
      st.selected = `op:${name}`;
      if (need.length) await relayout(null); else { draw(); showPanel(); }
      centerOn(st.selected);
    }

    async function load() {
      svg.dataset.state = 'loading';
      status.textContent = 'loading graph…';
      try {
        const res = await api.graph(st.run);
        st.model = new GraphModel(res.nodes);
      } catch (e) {
        status.textContent = '';
        svg.dataset.state = 'error';
        replace(panel, h('div', { class: 'error' }, e.message));
        return;
      }
      for (const p of [...st.expanded]) if (!st.model.scopes.has(p)) st.expanded.delete(p);
      if (st.fitNext) {
        // Open chains of lone scopes ("model/" wrapping everything).
        let root = st.model.scopes.get('');
        while (root.children.length === 1 && root.children[0].startsWith('scope:')) {
          const p = root.children[0].slice(6);
          st.expanded.add(p);
          root = st.model.scopes.get(p);
        }
      }
      await relayout(null);
    }

    // Pointer: drag pans, a click (no drag) selects / toggles.
    let down = null;
    svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      down = { x: ev.clientX, y: ev.clientY, tx: st.t.x, ty: st.t.y, target: ev.target, moved: false };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener('pointermove', (ev) => {
      if (!down) return;
      const dx = ev.clientX - down.x;
      const dy = ev.clientY - down.y;
      if (!down.moved && Math.hypot(dx, dy) < 4) return;
      down.moved = true;
      svg.classList.add('panning');
      st.t.x = down.tx + dx;
      st.t.y = down.ty + dy;
      apply();
    });
    svg.addEventListener('pointerup', (ev) => {
      const d = down;
      down = null;
      svg.classList.remove('panning');
      try { svg.releasePointerCapture(ev.pointerId); } catch { /* already released */ }
      if (!d || d.moved || !st.model) return;
      const g = d.target.closest?.('g.node');
      if (!g) return;
      const { id, kind, name } = g.dataset;
      if (kind === 'scope') {
        // On an expanded scope only the header toggles; its body is background.
        if (g.dataset.expanded === 'true' && !d.target.classList.contains('scope-header') && !d.target.classList.contains('scope-label')) return;
        toggle(name);
      } else {
        st.selected = id;
        draw();
        showPanel();
      }
    });
    svg.addEventListener('pointerover', (ev) => {
      if (down?.moved || !st.laid) return;
      const id = ev.target.closest?.('g.node')?.dataset.id ?? null;
      if (id === st.hover) return;
      st.hover = id;
      drawEdges();
    });
    svg.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      zoomBy(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });

    // Search.
    let hits = [];
    const pick = (name) => { results.style.display = 'none'; search.value = name; reveal(name); };
    search.addEventListener('input', () => {
      hits = st.model ? st.model.search(search.value, 40) : [];
      results.replaceChildren(...hits.map((n) => h('li', { dataset: { name: n }, onmousedown: (ev) => { ev.preventDefault(); pick(n); } }, n)));
      results.style.display = hits.length ? '' : 'none';
    });
    search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && hits.length) pick(hits[0]);
      if (ev.key === 'Escape') results.style.display = 'none';
    });
    search.addEventListener('blur', () => { results.style.display = 'none'; });

    ctx.register('graph', '', runs.map((r) => r.name), async (run) => { if (run === st.run) await load(); });
    if (st.model) relayout(null); else load();
  },
};
