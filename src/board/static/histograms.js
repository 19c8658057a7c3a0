// The Histograms tab (offset curves, one per step, newest in front) and the Distributions tab
// (percentile bands over steps), one small chart per run inside each tag's card.

import { h, s, fmtNum, rafThrottle } from './dom.js';
import { api } from './api.js';
import { cleanBuckets, rebin, percentiles, niceTicks, extent, nearestIndex, BASIS_POINTS } from './data.js';
import { renderTagCards, cardHeader } from './cards.js';

const W = 440;
const H = 250;
const BINS = 30;

/** Offset ("ridgeline") histogram chart of a run's histogram points. */
function drawOffset(svg, tip, points, color) {
  const M = { left: 14, right: 52, top: 56, bottom: 24 };
  const cleaned = points.map(cleanBuckets);
  const xd = extent(cleaned.flatMap((b) => b.flatMap(([l, r]) => [l, r])), { pad: 0 }) ?? [0, 1];
  if (xd[0] === xd[1]) { xd[0] -= 0.5; xd[1] += 0.5; }
  const counts = cleaned.map((b) => rebin(b, xd[0], xd[1], BINS));
  const maxC = Math.max(1e-12, ...counts.flat());
  const steps = points.map((p) => p.step);
  const sd = [steps[0], steps[steps.length - 1]];
  const sx = (x) => M.left + ((x - xd[0]) / (xd[1] - xd[0])) * (W - M.left - M.right);
  const base = (step) => M.top + (sd[1] === sd[0] ? (H - M.top - M.bottom) : ((step - sd[0]) / (sd[1] - sd[0])) * (H - M.top - M.bottom));
  const ridge = M.top - 8;
  const binX = (i) => xd[0] + ((i + 0.5) * (xd[1] - xd[0])) / BINS;
  const kids = [];
  for (const t of niceTicks(xd[0], xd[1], 5)) kids.push(s('text', { x: sx(t), y: H - 6, class: 'tick', 'text-anchor': 'middle' }, fmtNum(t)));
  for (const t of niceTicks(sd[0], sd[1], 4)) if (t >= sd[0] && t <= sd[1]) kids.push(s('text', { x: W - M.right + 6, y: base(t) + 4, class: 'tick' }, fmtNum(t)));
  const curves = [];
  points.forEach((p, k) => {
    const b = base(p.step);
    let d = `M${sx(xd[0]).toFixed(1)},${b.toFixed(1)}`;
    counts[k].forEach((c, i) => { d += `L${sx(binX(i)).toFixed(1)},${(b - (c / maxC) * ridge).toFixed(1)}`; });
    d += `L${sx(xd[1]).toFixed(1)},${b.toFixed(1)}Z`;
    const shade = 0.25 + 0.75 * (points.length > 1 ? k / (points.length - 1) : 1);
    const path = s('path', { d, class: 'ridge', fill: color, 'fill-opacity': (0.15 + 0.35 * shade).toFixed(2), stroke: color, 'stroke-opacity': shade.toFixed(2), dataset: { step: p.step } });
    curves.push(path);
  });
  const hl = s('g', { class: 'hover' });
  svg.replaceChildren(...kids, ...curves, hl);
  svg.dataset.points = String(points.length);
  const overlay = s('rect', { class: 'overlay', x: 0, y: 0, width: W, height: H });
  svg.append(overlay);
  const show = rafThrottle((ev) => {
    const r = svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * W;
    const py = ((ev.clientY - r.top) / r.height) * H;
    const k = nearestIndex(points.map((p) => base(p.step)), py);
    const x = xd[0] + ((px - M.left) / (W - M.left - M.right)) * (xd[1] - xd[0]);
    const i = Math.max(0, Math.min(BINS - 1, Math.floor(((x - xd[0]) / (xd[1] - xd[0])) * BINS)));
    const c = counts[k][i];
    const b = base(points[k].step);
    hl.replaceChildren(
      s('path', { d: curves[k].getAttribute('d'), class: 'ridge-hl' }),
      s('circle', { cx: sx(binX(i)), cy: b - (c / maxC) * ridge, r: 3.5, class: 'dot', fill: color }),
      s('text', { x: W - M.right + 6, y: b + 4, class: 'tick strong' }, fmtNum(points[k].step)));
    tip.replaceChildren(h('div', {}, `step ${points[k].step}`), h('div', {}, `x ≈ ${fmtNum(binX(i))}`), h('div', {}, `count ≈ ${fmtNum(c)}`));
    tip.style.display = '';
    tip.style.left = `${Math.min(px + 12, W - 120)}px`;
    tip.style.top = `${py + 12}px`;
  });
  overlay.addEventListener('mousemove', show);
  overlay.addEventListener('mouseleave', () => { hl.replaceChildren(); tip.style.display = 'none'; });
}

/** Distribution chart: percentile bands (min..max, ±1.5σ, ±1σ, ±0.5σ) and the median over steps. */
function drawBands(svg, tip, points, color) {
  const M = { left: 58, right: 14, top: 10, bottom: 26 };
  const qs = points.map((p) => percentiles(p));
  const steps = points.map((p) => p.step);
  let xd = [steps[0], steps[steps.length - 1]];
  if (xd[0] === xd[1]) xd = [xd[0] - 1, xd[1] + 1];
  const yd = extent(qs.flat()) ?? [0, 1];
  const sx = (x) => M.left + ((x - xd[0]) / (xd[1] - xd[0])) * (W - M.left - M.right);
  const sy = (y) => H - M.bottom - ((y - yd[0]) / (yd[1] - yd[0])) * (H - M.top - M.bottom);
  const kids = [];
  for (const t of niceTicks(xd[0], xd[1], 5)) kids.push(s('line', { x1: sx(t), x2: sx(t), y1: M.top, y2: H - M.bottom, class: 'gridline' }), s('text', { x: sx(t), y: H - 8, class: 'tick', 'text-anchor': 'middle' }, fmtNum(t)));
  for (const t of niceTicks(yd[0], yd[1], 5)) kids.push(s('line', { x1: M.left, x2: W - M.right, y1: sy(t), y2: sy(t), class: 'gridline' }), s('text', { x: M.left - 6, y: sy(t) + 4, class: 'tick', 'text-anchor': 'end' }, fmtNum(t)));
  const n = BASIS_POINTS.length;
  for (let b = 0; b < (n - 1) / 2; b++) {
    const lo = b;
    const hi = n - 1 - b;
    let d = '';
    qs.forEach((q, i) => { d += `${i ? 'L' : 'M'}${sx(steps[i]).toFixed(1)},${sy(q[hi]).toFixed(1)}`; });
    for (let i = qs.length - 1; i >= 0; i--) d += `L${sx(steps[i]).toFixed(1)},${sy(qs[i][lo]).toFixed(1)}`;
    kids.push(s('path', { d: d + 'Z', class: 'band', fill: color, 'fill-opacity': (0.12 + 0.15 * b).toFixed(2) }));
  }
  const mid = (n - 1) / 2;
  kids.push(s('path', { d: qs.map((q, i) => `${i ? 'L' : 'M'}${sx(steps[i]).toFixed(1)},${sy(q[mid]).toFixed(1)}`).join(''), class: 'line main', stroke: color }));
  if (points.length === 1) kids.push(s('circle', { cx: sx(steps[0]), cy: sy(qs[0][mid]), r: 3, fill: color }));
  const hl = s('g', { class: 'hover' });
  const overlay = s('rect', { class: 'overlay', x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom });
  svg.replaceChildren(...kids, hl, overlay);
  svg.dataset.points = String(points.length);
  const show = rafThrottle((ev) => {
    const r = svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * W;
    const k = nearestIndex(steps, xd[0] + ((px - M.left) / (W - M.left - M.right)) * (xd[1] - xd[0]));
    hl.replaceChildren(s('line', { x1: sx(steps[k]), x2: sx(steps[k]), y1: M.top, y2: H - M.bottom, class: 'hoverline' }),
      ...qs[k].map((v) => s('circle', { cx: sx(steps[k]), cy: sy(v), r: 2.5, class: 'dot', fill: color })));
    tip.replaceChildren(h('div', {}, `step ${steps[k]}`), h('table', {}, BASIS_POINTS.map((bp, j) => h('tr', {}, h('td', {}, `${bp / 100}%`), h('td', { class: 'num' }, fmtNum(qs[k][j]))))));
    tip.style.display = '';
    tip.style.left = `${Math.min(px + 12, W - 130)}px`;
    tip.style.top = `${M.top}px`;
  });
  overlay.addEventListener('mousemove', show);
  overlay.addEventListener('mouseleave', () => { hl.replaceChildren(); tip.style.display = 'none'; });
}

function histCard(ctx, tag, runs, draw) {
  const panels = new Map();
  const body = h('div', { class: 'run-panels' });
  const el = h('div', { class: 'hist-card' }, cardHeader(tag), body);
  for (const run of runs) {
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, dataset: { run } });
    const tip = h('div', { class: 'tooltip small', style: { display: 'none' } });
    panels.set(run, { svg, tip });
    body.append(h('div', { class: 'run-panel', dataset: { run } },
      h('div', { class: 'run-label' }, h('span', { class: 'swatch', style: { background: ctx.color(run) } }), run),
      h('div', { class: 'chart-wrap' }, svg, tip)));
  }
  async function loadRun(run) {
    const res = await api.histograms(run, tag);
    const { svg, tip } = panels.get(run);
    if (res.points.length === 0) { svg.replaceChildren(s('text', { x: 20, y: 30, class: 'tick' }, 'no data')); return; }
    draw(svg, tip, res.points, ctx.color(run));
  }
  async function load() {
    await Promise.all(runs.map(loadRun));
    el.dataset.loaded = 'true';
    ctx.register('histograms', tag, runs, loadRun);
  }
  return { el, load };
}

export const histogramsTab = {
  id: 'histograms',
  title: 'Histograms',
  kinds: ['histograms'],
  render(ctx, container) {
    renderTagCards(ctx, container, 'histograms', (tag, runs) => histCard(ctx, tag, runs, drawOffset));
  },
};

export const distributionsTab = {
  id: 'distributions',
  title: 'Distributions',
  kinds: ['histograms'],
  render(ctx, container) {
    renderTagCards(ctx, container, 'histograms', (tag, runs) => histCard(ctx, tag, runs, drawBands));
  },
};
