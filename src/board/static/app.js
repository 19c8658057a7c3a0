// The board page: tabs, the run list with a colour per run, the server's warnings, and live
// updates from /api/events (Server-Sent Events) that refresh only the affected cards.

import { h, replace, runColor, tagMatcher } from './dom.js';
import { api } from './api.js';
import { scalarsTab } from './scalars.js';
import { histogramsTab, distributionsTab } from './histograms.js';
import { imagesTab, audioTab, textTab } from './media.js';
import { graphTab } from './graph.js';

const TABS = [scalarsTab, imagesTab, audioTab, textTab, histogramsTab, distributionsTab, graphTab];
const STORE = 'tensorgraph-board';

function loadStored() {
  try { return JSON.parse(localStorage.getItem(STORE) ?? '{}'); } catch { return {}; }
}
const stored = loadStored();

const state = {
  runs: [],
  warnings: [],
  dismissedWarnings: 0,
  colors: new Map(),
  hidden: new Set(stored.hidden ?? []),
  settings: { smoothing: 0.6, xMode: 'step', tagFilter: '', runFilter: '', ...(stored.settings ?? {}) },
  tab: null,
  registry: [],
  observer: null,
  live: 'connecting',
};

const els = {
  tabs: document.getElementById('tabs'),
  warnings: document.getElementById('warnings'),
  sidebar: document.getElementById('sidebar'),
  content: document.getElementById('content'),
  live: document.getElementById('live'),
};

function save() {
  try { localStorage.setItem(STORE, JSON.stringify({ settings: state.settings, hidden: [...state.hidden] })); } catch { /* private mode */ }
}

const ctx = {
  settings: state.settings,
  saveSettings: save,
  allRuns: () => state.runs,
  selectedRuns: () => state.runs.filter((r) => !state.hidden.has(r.name)),
  color: (run) => runColor(state.colors.get(run) ?? 0),
  /** Registers a card's refresh(run) for live updates of `kind` in `runs`. */
  register(kind, tag, runs, refresh) { state.registry.push({ kind, tag, runs: new Set(runs), refresh }); },
  /** Runs `load` once `el` is near the viewport. */
  lazy(el, load) {
    el.__load = load;
    state.observer.observe(el);
  },
};

function assignColors() {
  for (const r of state.runs) if (!state.colors.has(r.name)) state.colors.set(r.name, state.colors.size);
}

const hasData = (tab) => (tab.id === 'graph' ? state.runs.some((r) => r.graph) : tab.kinds.some((k) => state.runs.some((r) => (r.tags?.[k] ?? []).length > 0)));

function renderTabs() {
  replace(els.tabs, TABS.map((t) => h('a', {
    href: `#${t.id}`, class: `tab${t.id === state.tab ? ' active' : ''}${hasData(t) ? '' : ' inactive'}`, dataset: { tab: t.id },
  }, t.title)));
}

function renderWarnings() {
  const w = state.warnings;
  if (w.length === 0 || w.length <= state.dismissedWarnings) { els.warnings.replaceChildren(); els.warnings.hidden = true; return; }
  els.warnings.hidden = false;
  const shown = w.slice(0, 5);
  replace(els.warnings, h('div', { class: 'warn-box' },
    h('button', { class: 'link dismiss', title: 'Dismiss', onclick: () => { state.dismissedWarnings = w.length; renderWarnings(); } }, '×'),
    h('strong', {}, `${w.length} warning${w.length > 1 ? 's' : ''} while reading the logs`),
    h('ul', {}, shown.map((x) => h('li', { class: 'warning' }, h('span', { class: 'mono' }, x.file), ': ', x.message))),
    w.length > shown.length ? h('div', { class: 'muted' }, `and ${w.length - shown.length} more`) : null));
}

function renderSidebar() {
  const tab = TABS.find((t) => t.id === state.tab);
  document.body.classList.toggle('graph-mode', state.tab === 'graph');
  if (state.tab === 'graph') { els.sidebar.replaceChildren(); return; }
  const match = tagMatcher(state.settings.runFilter);
  const runs = state.runs.filter((r) => match(r.name));
  const runList = h('ul', { class: 'runs', id: 'runs' }, runs.map((r) => h('li', {},
    h('label', { title: `${r.name} (${r.files} event file${r.files === 1 ? '' : 's'})` },
      h('input', { type: 'checkbox', checked: !state.hidden.has(r.name), dataset: { run: r.name }, onchange: (ev) => {
        if (ev.target.checked) state.hidden.delete(r.name); else state.hidden.add(r.name);
        save();
        renderContent();
      } }),
      h('span', { class: 'swatch', style: { background: ctx.color(r.name) } }),
      h('span', { class: 'run-name' }, r.name)))));
  const setAll = (on) => { for (const r of runs) { if (on) state.hidden.delete(r.name); else state.hidden.add(r.name); } save(); renderSidebar(); renderContent(); };
  const tagFilter = h('input', { type: 'search', id: 'tag-filter', placeholder: 'Filter tags (regex)', value: state.settings.tagFilter, oninput: () => {
    state.settings.tagFilter = tagFilter.value; save(); renderContentSoon();
  } });
  const runFilter = h('input', { type: 'search', id: 'run-filter', placeholder: 'Filter runs (regex)', value: state.settings.runFilter, oninput: () => {
    state.settings.runFilter = runFilter.value; save(); renderSidebarSoon();
  } });
  replace(els.sidebar,
    h('div', { class: 'side-section' }, tagFilter),
    tab?.controls ? h('div', { class: 'side-section' }, tab.controls(ctx)) : null,
    h('div', { class: 'side-section runs-section' },
      h('div', { class: 'side-title' }, `Runs (${state.runs.length})`,
        h('span', { class: 'side-tools' }, h('button', { class: 'link', onclick: () => setAll(true) }, 'all'), ' · ', h('button', { class: 'link', onclick: () => setAll(false) }, 'none'))),
      state.runs.length > 8 ? runFilter : null,
      state.runs.length ? runList : h('div', { class: 'muted' }, 'No runs yet: waiting for event files…')));
  if (document.activeElement?.id === 'run-filter') runFilter.focus();
}

let sidebarTimer = 0;
function renderSidebarSoon() {
  clearTimeout(sidebarTimer);
  sidebarTimer = setTimeout(() => {
    const focused = document.activeElement?.id;
    renderSidebar();
    if (focused) { const el = document.getElementById(focused); el?.focus(); if (el?.value !== undefined) el.setSelectionRange?.(el.value.length, el.value.length); }
  }, 150);
}

function renderContent() {
  const tab = TABS.find((t) => t.id === state.tab) ?? TABS[0];
  const scroll = els.content.scrollTop;
  state.registry = [];
  state.observer?.disconnect();
  state.observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting || !e.target.__load) continue;
      const load = e.target.__load;
      e.target.__load = null;
      state.observer.unobserve(e.target);
      load();
    }
  }, { root: null, rootMargin: '300px' });
  els.content.replaceChildren();
  els.content.dataset.tab = tab.id;
  tab.render(ctx, els.content);
  els.content.scrollTop = scroll;
}

let contentTimer = 0;
function renderContentSoon() {
  clearTimeout(contentTimer);
  contentTimer = setTimeout(renderContent, 200);
}

/** Fetches the run list; true when runs or tags changed. */
async function refreshRuns() {
  const res = await api.runs();
  const sig = (runs) => JSON.stringify(runs.map((r) => [r.name, r.tags, r.graph]));
  const changed = sig(res.runs) !== sig(state.runs);
  state.runs = res.runs;
  state.warnings = res.warnings ?? [];
  assignColors();
  renderWarnings();
  return changed;
}

function chooseTab() {
  const fromHash = location.hash.slice(1);
  if (TABS.some((t) => t.id === fromHash)) return fromHash;
  return (TABS.find(hasData) ?? TABS[0]).id;
}

async function showTab(id) {
  state.tab = id;
  renderTabs();
  renderSidebar();
  renderContent();
}

// Live updates: collect events for a moment, then refresh the run list and either re-render
// the tab (new runs or tags) or call just the affected cards.
const pending = new Map();
let flushTimer = 0;
function queueUpdate(run, kinds) {
  if (!pending.has(run)) pending.set(run, new Set());
  for (const k of kinds) pending.get(run).add(k);
  clearTimeout(flushTimer);
  flushTimer = setTimeout(flushUpdates, 250);
}

async function flushUpdates() {
  const updates = [...pending.entries()];
  pending.clear();
  let changed = false;
  try { changed = await refreshRuns(); } catch (e) { console.warn(e); }
  if (changed) {
    renderTabs();
    renderSidebar();
    renderContent();
    return;
  }
  for (const [run, kinds] of updates) {
    for (const entry of state.registry) {
      if (!kinds.has(entry.kind) || !entry.runs.has(run)) continue;
      Promise.resolve(entry.refresh(run)).catch((e) => console.warn(`refresh ${entry.kind} ${entry.tag} ${run}:`, e));
    }
  }
  document.body.dataset.updates = String(Number(document.body.dataset.updates ?? 0) + 1);
}

function setLive(mode) {
  state.live = mode;
  els.live.className = `live ${mode}`;
  els.live.textContent = mode === 'live' ? '● live' : mode === 'polling' ? '○ polling' : '○ reconnecting';
  els.live.title = mode === 'live' ? 'New events appear as they are written' : 'Live updates unavailable; checking every few seconds';
}

function connectLive() {
  if (!('EventSource' in window)) { startPolling(); return; }
  const es = new EventSource('/api/events');
  es.addEventListener('open', () => setLive('live'));
  es.addEventListener('update', (ev) => {
    try { const d = JSON.parse(ev.data); queueUpdate(d.run, d.kinds ?? []); } catch { /* ignore malformed */ }
  });
  es.addEventListener('runs', () => queueUpdate('', []));
  es.addEventListener('error', () => {
    if (es.readyState === EventSource.CLOSED) { setLive('polling'); startPolling(); } else setLive('connecting');
  });
}

let polling = false;
function startPolling() {
  if (polling) return;
  polling = true;
  setInterval(async () => {
    try { if (await refreshRuns()) { renderTabs(); renderSidebar(); renderContent(); } } catch { /* server away */ }
  }, 5000);
}

async function main() {
  window.addEventListener('hashchange', () => showTab(chooseTab()));
  try {
    await refreshRuns();
  } catch (e) {
    els.content.append(h('div', { class: 'error' }, `Could not read the run list: ${e.message}`));
  }
  await showTab(chooseTab());
  connectLive();
  document.body.dataset.ready = 'true';
}

main();
