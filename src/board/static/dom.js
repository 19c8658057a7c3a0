// Small DOM helpers shared by the board's tabs: element builders, formatting, run colours.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Builds an HTML element: h('div', {class: 'card', onclick: f}, child, 'text', ...).
 * Attributes starting with "on" become listeners; `dataset` and `style` objects are merged.
 */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** Builds an SVG element the same way as h(). */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Removes every child of `el` and appends `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  fill(el, {}, children);
  return el;
}

// Colour-blind-friendly categorical palette (TensorBoard-like order).
const PALETTE = ['#0077bb', '#ee7733', '#009988', '#ee3377', '#33bbee', '#cc3311', '#7b1fa2',
  '#999933', '#795548', '#555555', '#1e88e5', '#43a047', '#c0ca33', '#8e24aa', '#00acc1', '#d81b60'];

/** A colour per run, stable for a given run list order. */
export function runColor(index) {
  return PALETTE[index % PALETTE.length];
}

/** A short, exact-enough number: integers as is, others with up to 6 significant digits. */
export function fmtNum(v) {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

/** A wall time (seconds since the epoch) as a local date and time. */
export function fmtWall(seconds) {
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A duration in seconds as "1h 02m 03s" / "12.3s". */
export function fmtDuration(seconds) {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let t = Math.abs(seconds);
  if (t < 60) return `${sign}${Number(t.toPrecision(3))}s`;
  const hh = Math.floor(t / 3600); t -= hh * 3600;
  const mm = Math.floor(t / 60); t -= mm * 60;
  const ss = Math.round(t);
  return hh > 0 ? `${sign}${hh}h ${String(mm).padStart(2, '0')}m ${String(ss).padStart(2, '0')}s` : `${sign}${mm}m ${String(ss).padStart(2, '0')}s`;
}

/** Offers `text` as a file download named `filename`. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, style: { display: 'none' } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Calls `fn` at most once per animation frame with the latest arguments. */
export function rafThrottle(fn) {
  let pending = null;
  return (...args) => {
    const first = pending === null;
    pending = args;
    if (first) requestAnimationFrame(() => { const a = pending; pending = null; fn(...a); });
  };
}

/** Groups tags by their first path component ("train/loss" -> "train"); top-level tags under "". */
export function groupTags(tags) {
  const groups = new Map();
  for (const t of [...tags].sort()) {
    const i = t.indexOf('/');
    const g = i > 0 ? t.slice(0, i) : '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(t);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** A tag filter from the user's text: a case-insensitive regex, or a substring when invalid. */
export function tagMatcher(text) {
  if (!text) return () => true;
  try {
    const re = new RegExp(text, 'i');
    return (t) => re.test(t);
  } catch {
    const low = text.toLowerCase();
    return (t) => t.toLowerCase().includes(low);
  }
}
