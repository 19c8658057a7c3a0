// A hand-written SVG line chart for scalars: runs overlaid, optional smoothing (raw line
// faded behind), x by step / relative / wall time, log y, nearest-point tooltip per run,
// drag to zoom on x (double-click resets).

import { s, h, fmtNum, fmtWall, fmtDuration, rafThrottle } from './dom.js';
import { smooth, nearestIndex, xOf, niceTicks, logTicks, extent } from './data.js';

const M = { left: 58, right: 14, top: 10, bottom: 26 };

/** A formatter for x values of an axis mode. */
export function xFormatter(mode, span = 0) {
  if (mode === 'relative') return fmtDuration;
  if (mode === 'wall') {
    return (t) => {
      const d = new Date(t * 1000);
      const p = (n) => String(n).padStart(2, '0');
      if (span > 86400) return `${d.getMonth() + 1}/${d.getDate()} ${p(d.getHours())}:${p(d.getMinutes())}`;
      // a short run (seconds): fractions of a second, or every tick would read the same
      const digits = span >= 30 ? 0 : span >= 3 ? 1 : span >= 0.3 ? 2 : 3;
      const sec = digits ? (d.getSeconds() + d.getMilliseconds() / 1000).toFixed(digits).padStart(3 + digits, '0') : p(d.getSeconds());
      return `${p(d.getHours())}:${p(d.getMinutes())}:${sec}`;
    };
  }
  return fmtNum;
}

export class LineChart {
  constructor({ width = 440, height = 250, xMode = 'step', logY = false, smoothing = 0 } = {}) {
    Object.assign(this, { width, height, xMode, logY, smoothing });
    this.series = new Map(); // run -> {color, points, xs, ys, sm}
    this.xZoom = null;
    this.svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height });
    this.gGrid = s('g', { class: 'grid' });
    this.gLines = s('g', { class: 'lines' });
    this.gHover = s('g', { class: 'hover', style: { display: 'none' } });
    this.brush = s('rect', { class: 'brush', height: height - M.top - M.bottom, y: M.top, style: { display: 'none' } });
    const clipId = `clip${Math.random().toString(36).slice(2)}`;
    this.svg.append(
      s('defs', {}, s('clipPath', { id: clipId }, s('rect', { x: M.left, y: M.top, width: width - M.left - M.right, height: height - M.top - M.bottom }))),
      this.gGrid, s('g', { 'clip-path': `url(#${clipId})` }, this.gLines), this.gHover, this.brush);
    this.overlay = s('rect', { class: 'overlay', x: M.left, y: M.top, width: width - M.left - M.right, height: height - M.top - M.bottom });
    this.svg.append(this.overlay);
    this.tooltip = h('div', { class: 'tooltip', style: { display: 'none' } });
    this.el = h('div', { class: 'chart-wrap' }, this.svg, this.tooltip);
    this.bindMouse();
  }

  setSeries(run, color, points) {
    const start = points.length ? points[0][0] : 0;
    const xs = points.map((p) => xOf(p, this.xMode, start));
    const ys = points.map((p) => p[2]);
    this.series.set(run, { color, points, start, xs, ys, sm: smooth(ys, this.smoothing) });
  }

  removeSeries(run) { this.series.delete(run); }

  setOptions({ xMode, logY, smoothing }) {
    if (xMode !== undefined && xMode !== this.xMode) { this.xMode = xMode; this.xZoom = null; }
    if (logY !== undefined) this.logY = logY;
    if (smoothing !== undefined) this.smoothing = smoothing;
    for (const [run, ser] of this.series) this.setSeries(run, ser.color, ser.points);
  }

  /** Total number of points drawn (the tests read it from data-points). */
  get pointCount() { let n = 0; for (const ser of this.series.values()) n += ser.points.length; return n; }

  domains() {
    const allX = [];
    for (const ser of this.series.values()) for (const x of ser.xs) allX.push(x);
    let xd = this.xZoom ?? extent(allX, { pad: 0 }) ?? [0, 1];
    if (xd[0] === xd[1]) xd = [xd[0] - 1, xd[1] + 1];
    const ys = [];
    for (const ser of this.series.values()) {
      for (let i = 0; i < ser.xs.length; i++) {
        if (ser.xs[i] < xd[0] || ser.xs[i] > xd[1]) continue;
        ys.push(ser.ys[i]);
        if (this.smoothing > 0) ys.push(ser.sm[i]);
      }
    }
    const yd = extent(ys, { positive: this.logY }) ?? (this.logY ? [0.1, 10] : [0, 1]);
    return { xd, yd };
  }

  draw() {
    const { width: W, height: H } = this;
    const { xd, yd } = this.domains();
    const x0 = M.left, x1 = W - M.right, y0 = H - M.bottom, y1 = M.top;
    const sx = (x) => x0 + ((x - xd[0]) / (xd[1] - xd[0])) * (x1 - x0);
    const ly = (v) => (this.logY ? Math.log10(v) : v);
    const [ya, yb] = [ly(yd[0]), ly(yd[1])];
    const sy = (v) => y0 - ((ly(v) - ya) / (yb - ya)) * (y0 - y1);
    Object.assign(this, { sx, sy, xd, yd });
    const fx = xFormatter(this.xMode, xd[1] - xd[0]);
    const grid = [];
    for (const t of niceTicks(xd[0], xd[1], 5)) {
      const X = sx(t);
      grid.push(s('line', { x1: X, x2: X, y1: y1, y2: y0, class: 'gridline' }), s('text', { x: X, y: y0 + 16, class: 'tick', 'text-anchor': 'middle' }, fx(t)));
    }
    for (const t of this.logY ? logTicks(yd[0], yd[1]) : niceTicks(yd[0], yd[1], 5)) {
      const Y = sy(t);
      grid.push(s('line', { x1: x0, x2: x1, y1: Y, y2: Y, class: 'gridline' }), s('text', { x: x0 - 6, y: Y + 4, class: 'tick', 'text-anchor': 'end' }, fmtNum(t)));
    }
    grid.push(s('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: 'frame' }));
    this.gGrid.replaceChildren(...grid);
    const lines = [];
    for (const [run, ser] of this.series) {
      const path = (vals) => {
        let d = '';
        let pen = false;
        for (let i = 0; i < vals.length; i++) {
          const v = vals[i];
          if (!Number.isFinite(v) || (this.logY && v <= 0)) { pen = false; continue; }
          d += `${pen ? 'L' : 'M'}${sx(ser.xs[i]).toFixed(1)},${sy(v).toFixed(1)}`;
          pen = true;
        }
        return d;
      };
      const smoothed = this.smoothing > 0;
      if (smoothed) lines.push(s('path', { d: path(ser.ys), class: 'line raw', stroke: ser.color }));
      lines.push(s('path', { d: path(smoothed ? ser.sm : ser.ys), class: 'line main', stroke: ser.color, dataset: { run, points: ser.points.length } }));
      if (ser.points.length === 1) lines.push(s('circle', { cx: sx(ser.xs[0]), cy: sy(ser.ys[0]), r: 3, fill: ser.color }));
    }
    this.gLines.replaceChildren(...lines);
    this.svg.dataset.points = String(this.pointCount);
  }

  bindMouse() {
    const toData = (ev) => {
      const r = this.svg.getBoundingClientRect();
      const px = ((ev.clientX - r.left) / r.width) * this.width;
      return { px, x: this.xd[0] + ((px - M.left) / (this.width - M.left - M.right)) * (this.xd[1] - this.xd[0]) };
    };
    let dragFrom = null;
    const hover = rafThrottle((ev) => this.showTooltip(ev, toData(ev)));
    this.overlay.addEventListener('mousemove', (ev) => {
      if (!this.sx) return;
      if (dragFrom !== null) {
        const { px } = toData(ev);
        const a = Math.max(M.left, Math.min(px, dragFrom.px)), b = Math.min(this.width - M.right, Math.max(px, dragFrom.px));
        Object.assign(this.brush.style, { display: '' });
        this.brush.setAttribute('x', a); this.brush.setAttribute('width', b - a);
      }
      hover(ev);
    });
    this.overlay.addEventListener('mouseleave', () => { this.gHover.style.display = 'none'; this.tooltip.style.display = 'none'; });
    this.overlay.addEventListener('mousedown', (ev) => { if (this.sx) dragFrom = toData(ev); ev.preventDefault(); });
    window.addEventListener('mouseup', (ev) => {
      if (dragFrom === null) return;
      const to = toData(ev);
      this.brush.style.display = 'none';
      if (Math.abs(to.px - dragFrom.px) > 6) { this.xZoom = [Math.min(to.x, dragFrom.x), Math.max(to.x, dragFrom.x)]; this.draw(); }
      dragFrom = null;
    });
    this.overlay.addEventListener('dblclick', () => { this.xZoom = null; this.draw(); });
  }

  showTooltip(ev, { x }) {
    const rows = [];
    const marks = [];
    let anchorX = null;
    for (const [run, ser] of this.series) {
      const i = nearestIndex(ser.xs, x);
      if (i < 0) continue;
      const [wall, step, value] = ser.points[i];
      const shown = this.smoothing > 0 ? ser.sm[i] : value;
      if (anchorX === null || Math.abs(ser.xs[i] - x) < Math.abs(anchorX - x)) anchorX = ser.xs[i];
      if (Number.isFinite(shown) && !(this.logY && shown <= 0)) marks.push(s('circle', { cx: this.sx(ser.xs[i]), cy: this.sy(shown), r: 4, fill: ser.color, class: 'dot' }));
      rows.push(h('tr', {},
        h('td', {}, h('span', { class: 'swatch', style: { background: ser.color } })),
        h('td', { class: 'run' }, run),
        this.smoothing > 0 ? h('td', { class: 'num' }, fmtNum(shown)) : null,
        h('td', { class: 'num exact' }, String(value)),
        h('td', { class: 'num' }, String(step)),
        h('td', {}, fmtDuration(wall - ser.start)),
        h('td', {}, fmtWall(wall))));
    }
    if (!rows.length) return;
    const X = this.sx(anchorX);
    this.gHover.replaceChildren(s('line', { x1: X, x2: X, y1: M.top, y2: this.height - M.bottom, class: 'hoverline' }), ...marks);
    this.gHover.style.display = '';
    this.tooltip.replaceChildren(h('table', {},
      h('thead', {}, h('tr', {}, h('th'), h('th', {}, 'Run'), this.smoothing > 0 ? h('th', {}, 'Smoothed') : null, h('th', {}, 'Value'), h('th', {}, 'Step'), h('th', {}, 'Relative'), h('th', {}, 'Time'))),
      h('tbody', {}, rows)));
    const wrap = this.el.getBoundingClientRect();
    this.tooltip.style.display = '';
    const left = ev.clientX - wrap.left + 14;
    this.tooltip.style.left = `${Math.min(left, Math.max(0, window.innerWidth - wrap.left - this.tooltip.offsetWidth - 8))}px`;
    this.tooltip.style.top = `${ev.clientY - wrap.top + 14}px`;
  }
}
