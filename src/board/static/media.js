// The Images and Audio tabs (a step slider per run and tag) and the Text tab (steps listed).

import { h, fmtWall } from './dom.js';
import { api } from './api.js';
import { renderTagCards, cardHeader } from './cards.js';

/** Groups media points by step (several samples may share one), in step order. */
function byStep(points) {
  const steps = new Map();
  for (const p of points) {
    if (!steps.has(p.step)) steps.set(p.step, []);
    steps.get(p.step).push(p);
  }
  return [...steps.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * A card with one panel per run: a step slider over the run's steps and the samples of the
 * chosen step drawn by `show(points, run)`. New steps keep the slider at the newest one when
 * it was there.
 */
function steppedCard(ctx, kind, tag, runs, fetch, show) {
  const body = h('div', { class: 'run-panels' });
  const el = h('div', { class: `${kind}-card` }, cardHeader(tag), body);
  const panels = new Map();
  for (const run of runs) {
    const slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, class: 'step-slider', 'aria-label': `${tag} step (${run})` });
    const label = h('span', { class: 'step-label' });
    const when = h('span', { class: 'when' });
    const view = h('div', { class: 'samples' });
    const panel = { slider, label, when, view, groups: [], index: -1 };
    panels.set(run, panel);
    slider.addEventListener('input', () => select(run, Number(slider.value)));
    body.append(h('div', { class: 'run-panel', dataset: { run } },
      h('div', { class: 'run-label' }, h('span', { class: 'swatch', style: { background: ctx.color(run) } }), run),
      h('div', { class: 'step-row' }, label, slider, when), view));
  }
  function select(run, i) {
    const p = panels.get(run);
    if (!p.groups.length) { p.label.textContent = 'no data'; return; }
    i = Math.max(0, Math.min(i, p.groups.length - 1));
    const [step, points] = p.groups[i];
    p.index = i;
    p.slider.value = String(i);
    p.label.textContent = `step ${step}`;
    p.label.dataset.step = String(step);
    p.when.textContent = fmtWall(points[0].wall_time);
    p.view.replaceChildren(...show(points, run));
  }
  async function loadRun(run) {
    const p = panels.get(run);
    const res = await fetch(run, tag);
    const atEnd = p.index < 0 || p.index === p.groups.length - 1;
    p.groups = byStep(res.points);
    p.slider.max = String(Math.max(0, p.groups.length - 1));
    p.slider.disabled = p.groups.length < 2;
    select(run, atEnd ? p.groups.length - 1 : p.index);
  }
  async function load() {
    await Promise.all(runs.map(loadRun));
    el.dataset.loaded = 'true';
    ctx.register(kind, tag, runs, loadRun);
  }
  return { el, load };
}

export const imagesTab = {
  id: 'images',
  title: 'Images',
  kinds: ['images'],
  render(ctx, container) {
    renderTagCards(ctx, container, 'images', (tag, runs) => steppedCard(ctx, 'images', tag, runs, api.images,
      (points, run) => points.map((p) => h('figure', {},
        h('img', { src: api.imageUrl(run, tag, p.index), alt: `${tag} step ${p.step}`, width: p.width, height: p.height, class: 'sample-image', style: { width: `${Math.min(p.width * Math.max(1, Math.floor(128 / Math.max(p.width, p.height))), 400)}px` } }),
        h('figcaption', {}, `${p.width}×${p.height}`)))));
  },
};

export const audioTab = {
  id: 'audio',
  title: 'Audio',
  kinds: ['audio'],
  render(ctx, container) {
    renderTagCards(ctx, container, 'audio', (tag, runs) => steppedCard(ctx, 'audio', tag, runs, api.audio,
      (points, run) => points.map((p) => h('div', { class: 'clip' },
        h('audio', { controls: true, preload: 'none', src: api.audioUrl(run, tag, p.index) }),
        h('span', { class: 'meta' }, `${p.sample_rate} Hz · ${p.length_frames} frames · ${(p.length_frames / (p.sample_rate || 1)).toFixed(2)} s`)))));
  },
};

function textCard(ctx, tag, runs) {
  const body = h('div', { class: 'run-panels' });
  const el = h('div', { class: 'text-card' }, cardHeader(tag), body);
  const views = new Map();
  for (const run of runs) {
    const view = h('div', { class: 'text-list' });
    views.set(run, view);
    body.append(h('div', { class: 'run-panel', dataset: { run } },
      h('div', { class: 'run-label' }, h('span', { class: 'swatch', style: { background: ctx.color(run) } }), run), view));
  }
  async function loadRun(run) {
    const res = await api.text(run, tag);
    const view = views.get(run);
    const pts = [...res.points].sort((a, b) => b.step - a.step);
    view.replaceChildren(...pts.map((p) => h('div', { class: 'text-entry', dataset: { step: p.step } },
      h('div', { class: 'step-label' }, `step ${p.step}`, h('span', { class: 'when' }, fmtWall(p.wall_time))),
      h('pre', {}, p.text))));
    if (!pts.length) view.append(h('div', { class: 'empty' }, 'no data'));
  }
  async function load() {
    await Promise.all(runs.map(loadRun));
    el.dataset.loaded = 'true';
    ctx.register('text', tag, runs, loadRun);
  }
  return { el, load };
}

export const textTab = {
  id: 'text',
  title: 'Text',
  kinds: ['text'],
  render(ctx, container) {
    renderTagCards(ctx, container, 'text', (tag, runs) => textCard(ctx, tag, runs));
  },
};
