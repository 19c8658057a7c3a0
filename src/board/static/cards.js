// Tag cards shared by the per-tag tabs: tags of the selected runs, filtered and grouped by
// their first path component into collapsible sections, each card loaded when scrolled into view.

import { h, groupTags, tagMatcher } from './dom.js';

/** The tags of `kind` over the selected runs: Map tag -> [run names in run order]. */
export function tagsOf(ctx, kind) {
  const tags = new Map();
  for (const run of ctx.selectedRuns()) {
    for (const tag of run.tags?.[kind] ?? []) {
      if (!tags.has(tag)) tags.set(tag, []);
      tags.get(tag).push(run.name);
    }
  }
  return tags;
}

/**
 * Renders a tab as tag groups of cards into `container`. `makeCard(tag, runNames)` returns
 * {el, load()}; load runs once the card is near the viewport.
 */
export function renderTagCards(ctx, container, kind, makeCard, { emptyText } = {}) {
  const tags = tagsOf(ctx, kind);
  const match = tagMatcher(ctx.settings.tagFilter);
  const shown = [...tags.keys()].filter(match);
  if (shown.length === 0) {
    container.append(h('div', { class: 'empty' }, tags.size === 0
      ? (emptyText ?? `No ${kind} data in the selected runs.`)
      : `No ${kind} tags match "${ctx.settings.tagFilter}".`));
    return;
  }
  for (const [group, groupTagsList] of groupTags(shown)) {
    const grid = h('div', { class: 'cards' });
    const sec = h('details', { class: 'tag-group', open: true, dataset: { group } },
      h('summary', {}, h('span', { class: 'group-name' }, group || 'top level'), h('span', { class: 'count' }, String(groupTagsList.length))),
      grid);
    container.append(sec);
    for (const tag of groupTagsList) {
      const card = makeCard(tag, tags.get(tag));
      card.el.classList.add('card');
      card.el.dataset.tag = tag;
      card.el.dataset.kind = kind;
      grid.append(card.el);
      ctx.lazy(card.el, () => card.load().catch((e) => {
        card.el.append(h('div', { class: 'error' }, e.message));
        card.el.dataset.loaded = 'error';
      }));
    }
  }
}

/** A card's header: the tag name and optional buttons. */
export function cardHeader(title, ...buttons) {
  return h('div', { class: 'card-head' }, h('span', { class: 'card-title', title }, title), h('span', { class: 'card-tools' }, buttons));
}
