// The Scalars tab: one line chart per tag with the selected runs overlaid.

import { h, download } from './dom.js';
import { api } from './api.js';
import { scalarsCsv, scalarsJson } from './data.js';
import { LineChart } from './line_chart.js';
import { renderTagCards, cardHeader } from './cards.js';

let charts = [];

function fileName(run, tag, ext) {
  return `run-${run}-tag-${tag}`.replace(/[\\/:*?"<>|\s]+/g, '_') + `.${ext}`;
}

function scalarCard(ctx, tag, runs) {
  const chart = new LineChart({ xMode: ctx.settings.xMode, smoothing: ctx.settings.smoothing });
  const totals = new Map();
  const reading = new Set();
  const readingNote = h('span', { class: 'reading muted', title: 'The server is still reading these runs: the chart shows the points read so far and a preview sampled from the rest; it fills in as reading goes on.' });
  function showReading() {
    readingNote.textContent = reading.size ? `reading ${reading.size} run${reading.size > 1 ? 's' : ''}…` : '';
    el.dataset.reading = String(reading.size);
  }
  const logBtn = h('button', { class: 'tool', title: 'Log scale (y)', onclick: () => {
    chart.setOptions({ logY: !chart.logY });
    logBtn.classList.toggle('on', chart.logY);
    el.dataset.log = String(chart.logY);
    chart.draw();
  } }, 'log');
  const fitBtn = h('button', { class: 'tool', title: 'Reset zoom (or double-click the chart)', onclick: () => { chart.xZoom = null; chart.draw(); } }, 'fit');
  const menu = h('div', { class: 'menu' });
  const dl = h('details', { class: 'dl' }, h('summary', { class: 'tool', title: 'Download data' }, '⤓'), menu);
  const el = h('div', { class: 'scalar-card' }, cardHeader(tag, readingNote, logBtn, fitBtn, dl), chart.el);

  async function fetchFull(run) {
    return (await api.scalarsAll(run, tag)).points;
  }
  function rebuildMenu() {
    menu.replaceChildren(...runs.map((run) => h('div', { class: 'menu-row' },
      h('span', { class: 'swatch', style: { background: ctx.color(run) } }), h('span', { class: 'run' }, run),
      h('button', { class: 'link', dataset: { format: 'csv', run }, onclick: async () => download(fileName(run, tag, 'csv'), scalarsCsv(await fetchFull(run)), 'text/csv') }, 'CSV'),
      h('button', { class: 'link', dataset: { format: 'json', run }, onclick: async () => download(fileName(run, tag, 'json'), scalarsJson(await fetchFull(run)), 'application/json') }, 'JSON'))));
  }
  async function loadRun(run) {
    const res = await api.scalars(run, tag);
    totals.set(run, res.total);
    if (res.loading) reading.add(run); else reading.delete(run);
    chart.setSeries(run, ctx.color(run), res.points);
  }
  async function load() {
    await Promise.all(runs.map(loadRun));
    showReading();
    chart.draw();
    rebuildMenu();
    el.dataset.loaded = 'true';
    ctx.register('scalars', tag, runs, async (run) => { await loadRun(run); showReading(); chart.draw(); });
  }
  charts.push(chart);
  return { el, load };
}

export const scalarsTab = {
  id: 'scalars',
  title: 'Scalars',
  kinds: ['scalars'],
  controls(ctx) {
    const value = h('span', { class: 'slider-value' }, ctx.settings.smoothing.toFixed(2));
    const slider = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: ctx.settings.smoothing, id: 'smoothing', oninput: () => {
      ctx.settings.smoothing = Number(slider.value);
      value.textContent = ctx.settings.smoothing.toFixed(2);
      ctx.saveSettings();
      for (const c of charts) { c.setOptions({ smoothing: ctx.settings.smoothing }); if (c.sx) c.draw(); }
    } });
    const radio = (mode, label) => h('label', {}, h('input', { type: 'radio', name: 'xmode', value: mode, checked: ctx.settings.xMode === mode, onchange: () => {
      ctx.settings.xMode = mode;
      ctx.saveSettings();
      for (const c of charts) { c.setOptions({ xMode: mode }); if (c.sx) c.draw(); }
    } }), label);
    return h('div', { class: 'controls' },
      h('div', { class: 'control' }, h('label', { for: 'smoothing' }, 'Smoothing'), h('div', { class: 'slider-row' }, slider, value)),
      h('div', { class: 'control' }, h('div', { class: 'control-title' }, 'Horizontal axis'),
        radio('step', 'Step'), radio('relative', 'Relative'), radio('wall', 'Wall')));
  },
  render(ctx, container) {
    charts = [];
    renderTagCards(ctx, container, 'scalars', (tag, runs) => scalarCard(ctx, tag, runs));
  },
};
