// End-to-end tests of the board in headless chromium (Debian's package, driven by
// playwright-core): logs written by a small training run, the real server, the real page.
// Screenshots go to test-artifacts/board/. Skips with a message when chromium is missing
// (scripts/e2e-setup.sh installs it).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  REPO, skipReason, launchBrowser, screenshot, writeExampleLogs, writeCnnLogs, startExampleBoard,
  type Browser, type Page, type ExampleLogs, type RunningBoard,
} from './e2e_helpers.js';

const skip = await skipReason();
if (skip) console.log(`# board e2e tests skipped: ${skip}`);

describe('board in headless chromium', { skip: skip ?? false, timeout: 120_000 }, () => {
  let logs: ExampleLogs;
  let board: RunningBoard;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    logs = writeExampleLogs();
    board = await startExampleBoard(logs.logdir);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e: Error) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await board?.close();
    logs?.cleanup();
  });

  const open = async (tab: string) => {
    await page.goto(`${board.url}#${tab}`);
    await page.waitForSelector('body[data-ready="true"]');
  };
  const attr = (sel: string, name: string) => page.locator(sel).first().getAttribute(name);

  test('scalars: the loss chart has one point per logged step for each run', async () => {
    await open('scalars');
    const card = '.card[data-kind="scalars"][data-tag="loss"]';
    await page.waitForSelector(`${card}[data-loaded="true"]`);
    assert.equal(await attr(`${card} path.line.main[data-run="train"]`, 'data-points'), String(logs.trainSteps));
    assert.equal(await attr(`${card} path.line.main[data-run="eval"]`, 'data-points'), String(logs.evalSteps.length));
    assert.equal(await attr(`${card} svg.chart`, 'data-points'), String(logs.trainSteps + logs.evalSteps.length));
    // The run with a corrupt file has no scalars, so the chart has two runs.
    assert.equal(await page.locator(`${card} path.line.main`).count(), 2);

    // Tooltip: nearest point per run with exact values.
    const box = (await page.locator(`${card} rect.overlay`).boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.waitForSelector(`${card} .tooltip td.run`);
    const tip = await page.locator(`${card} .tooltip`).textContent();
    assert.match(tip!, /train/);
    assert.match(tip!, /eval/);
    assert.equal(await page.locator(`${card} .tooltip tr:has(td.run:text-is("eval")) td.exact`).textContent(), '1', 'eval loss at step 0 is exactly 1');

    // Log scale and smoothing keep the points.
    await page.locator(`${card} button[title="Log scale (y)"]`).click();
    assert.equal(await attr(card, 'data-log'), 'true');
    await page.locator('#smoothing').fill('0');
    assert.equal(await page.locator(`${card} path.line.raw`).count(), 0, 'no faded raw line without smoothing');
    await page.locator('#smoothing').fill('0.9');
    assert.equal(await page.locator(`${card} path.line.raw`).count(), 2);
    const ticks = async () => (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(`${card} .x-ticks text.tick, ${card} text.tick`)})].map((t) => t.textContent)`)) as string[];
    await page.locator('input[name="xmode"][value="relative"]').click();
    assert.equal(await attr(`${card} path.line.main[data-run="train"]`, 'data-points'), String(logs.trainSteps));
    assert.ok((await ticks()).some(t => /^[\d.]+s$/.test(t)), `relative-time ticks: ${await ticks()}`);
    await page.locator('input[name="xmode"][value="wall"]').click();
    assert.equal(await attr(`${card} path.line.main[data-run="train"]`, 'data-points'), String(logs.trainSteps));
    const wall = (await ticks()).filter(t => /^\d\d:\d\d:\d\d(\.\d+)?$/.test(t));
    assert.ok(wall.length >= 2, `wall-time ticks: ${await ticks()}`);
    assert.equal(new Set(wall).size, wall.length, `distinct wall-time ticks: ${wall}`);
    await screenshot(page, 'scalars-wall-time');
    await page.locator('input[name="xmode"][value="step"]').click();
    await screenshot(page, 'scalars');
  });

  test('scalars: a series downloads as CSV and JSON', async () => {
    await open('scalars');
    const card = '.card[data-kind="scalars"][data-tag="loss"]';
    await page.waitForSelector(`${card}[data-loaded="true"]`);
    await page.locator(`${card} .dl summary`).click();
    const csv = page.waitForEvent('download') as Promise<{ path(): Promise<string>; suggestedFilename(): string }>;
    await page.locator(`${card} button[data-format="csv"][data-run="eval"]`).click();
    const dl = await csv;
    assert.equal(dl.suggestedFilename(), 'run-eval-tag-loss.csv');
    const lines = readFileSync(await dl.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'Wall time,Step,Value');
    assert.equal(lines.length, 1 + logs.evalSteps.length);
    assert.match(lines[1], /^[\d.]+,0,1$/);
    const json = page.waitForEvent('download') as Promise<{ path(): Promise<string> }>;
    await page.locator(`${card} button[data-format="json"][data-run="train"]`).click();
    const rows = JSON.parse(readFileSync(await (await json).path(), 'utf8')) as number[][];
    assert.equal(rows.length, logs.trainSteps);
    assert.deepEqual(rows.map(r => r[1]), Array.from({ length: logs.trainSteps }, (_, i) => i));
  });

  test('the server\'s warning about the corrupt event file is shown', async () => {
    await open('scalars');
    const text = await page.locator('#warnings .warning').first().textContent();
    assert.match(text!, /broken\/events\.out\.tfevents\.1700000000\.corrupt/);
  });

  test('graph: expanding a name scope shows the nodes inside it; search reveals a node', async () => {
    await open('graph');
    await page.waitForSelector('#graph-svg[data-state="ready"]');
    const scope = 'g.node.scope[data-name="layer1"]';
    assert.equal(await attr(scope, 'data-expanded'), 'false');
    assert.equal(await page.locator('g.node[data-name="layer1/preactivation"]').count(), 0, 'hidden while collapsed');
    await page.locator(`${scope} rect.scope-box`).click();
    await page.waitForSelector(`${scope}[data-expanded="true"]`);
    await page.waitForSelector('#graph-svg[data-state="ready"]');
    const node = page.locator('g.node.op[data-name="layer1/preactivation"]');
    assert.equal(await node.count(), 1);
    await node.click();
    await page.waitForSelector('#graph-panel [data-field="name"]');
    assert.equal(await page.locator('#graph-panel [data-field="name"]').textContent(), 'layer1/preactivation');
    assert.match((await page.locator('#graph-panel [data-field="op"]').textContent())!, /^Add/);
    assert.match((await page.locator('#graph-panel [data-field="shape"]').textContent())!, /\[\?,8\]/);
    assert.match((await page.locator('#graph-panel ul.io').first().textContent())!, /layer1\/MatMul/);
    await screenshot(page, 'graph-expanded');

    // Collapsing hides the inside again.
    await page.locator(`${scope} rect.scope-header`).click();
    await page.waitForSelector(`${scope}[data-expanded="false"]`);
    assert.equal(await page.locator('g.node[data-name="layer1/preactivation"]').count(), 0);

    // Search expands the scopes around a match inside a collapsed scope.
    assert.equal(await attr('g.node.scope[data-name="mse"]', 'data-expanded'), 'false');
    await page.locator('#graph-search').fill('mse/val');
    await page.waitForSelector('.search-results li[data-name="mse/value"]');
    await page.locator('#graph-search').press('Enter');
    await page.waitForSelector('g.node.op.selected[data-name="mse/value"]');
    assert.equal(await attr('g.node.scope[data-name="mse"]', 'data-expanded'), 'true');
    assert.equal(await page.locator('#graph-panel [data-field="name"]').textContent(), 'mse/value');
    await screenshot(page, 'graph-search');
  });

  test('images: moving the step slider changes the step shown', async () => {
    await open('images');
    const card = '.card[data-kind="images"]';
    await page.waitForSelector(`${card}[data-loaded="true"]`);
    const label = page.locator(`${card} .step-label`).first();
    const last = logs.mediaSteps[logs.mediaSteps.length - 1];
    assert.equal(await label.getAttribute('data-step'), String(last), 'starts at the newest step');
    const slider = page.locator(`${card} input.step-slider`).first();
    assert.equal(await slider.getAttribute('max'), String(logs.mediaSteps.length - 1));
    await slider.fill('0');
    assert.equal(await label.getAttribute('data-step'), String(logs.mediaSteps[0]));
    assert.match((await page.locator(`${card} img`).first().getAttribute('src'))!, /index=0\b/);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await label.getAttribute('data-step'), String(logs.mediaSteps[1]));
    // poll from Node with page.evaluate: waitForFunction would eval in the page, which the board's CSP forbids
    const loaded = `[...document.querySelectorAll('.card[data-kind="images"] img')].every((i) => i.complete && i.naturalWidth === 8)`;
    for (let i = 0; i < 200; i++) {
      if (await page.evaluate(loaded)) break;
      await new Promise(r => setTimeout(r, 50));
    }
    await screenshot(page, 'images');
  });

  test('histograms, distributions, audio and text render', async () => {
    await open('histograms');
    await page.waitForSelector('.card[data-kind="histograms"][data-tag="layer1/histogram"][data-loaded="true"]');
    assert.equal(await attr('.card[data-tag="layer1/histogram"] svg.chart', 'data-points'), String(logs.trainSteps));
    assert.equal(await page.locator('.card[data-tag="layer1/histogram"] path.ridge').count(), logs.trainSteps);
    await screenshot(page, 'histograms');
    await open('distributions');
    await page.waitForSelector('.card[data-tag="layer1/histogram"][data-loaded="true"]');
    assert.equal(await page.locator('.card[data-tag="layer1/histogram"] path.band').count(), 4);
    await screenshot(page, 'distributions');
    await open('audio');
    await page.waitForSelector('.card[data-kind="audio"][data-loaded="true"]');
    assert.match((await attr('.card[data-kind="audio"] audio', 'src'))!, /^\/api\/audio_clip\?run=train&tag=tone%2Faudio%2F0&index=\d+$/);
    assert.equal(await attr('.card[data-kind="audio"] audio', 'controls'), '', 'a player with controls');
    // the clip is a WAV the browser can decode: its duration is 800 frames at 8 kHz
    const duration = `(async () => { const a = document.querySelector('.card[data-kind="audio"] audio'); if (a.readyState < 1) await new Promise((r) => { a.addEventListener('loadedmetadata', r, { once: true }); a.load(); }); return a.duration; })()`;
    assert.ok(Math.abs((await page.evaluate(duration) as number) - 0.1) < 0.01);
    await screenshot(page, 'audio');
    await open('text');
    await page.waitForSelector('.card[data-kind="text"][data-loaded="true"]');
    assert.equal(await page.locator('.card[data-kind="text"] .text-entry').count(), logs.mediaSteps.length);
    assert.match((await page.locator('.card[data-kind="text"] pre').first().textContent())!, /training \*\*note\*\*/);
    await screenshot(page, 'text');
  });

  test('live: new events appear without reloading the page', async () => {
    await open('scalars');
    const sel = '.card[data-tag="loss"] path.line.main[data-run="eval"]';
    await page.waitForSelector(`${sel}[data-points="${logs.evalSteps.length}"]`);
    await page.evaluate('window.marker = 42');
    await page.waitForSelector('#live.live.live');
    const total = logs.appendEval(3);
    await page.waitForSelector(`${sel}[data-points="${total}"]`, { timeout: 15_000 });
    // A new run shows up in the run list and on the chart.
    logs.addRun('finetune', 4);
    await page.waitForSelector('#runs input[data-run="finetune"]', { timeout: 15_000 });
    await page.waitForSelector('.card[data-tag="loss"] path.line.main[data-run="finetune"][data-points="4"]');
    assert.equal(await page.evaluate('window.marker'), 42, 'same page, not reloaded');
    await screenshot(page, 'scalars-live');
  });

  test('event files written by real TensorFlow (test/fixtures/events) are shown', async () => {
    const fixtures = JSON.parse(readFileSync(path.join(REPO, 'test', 'fixtures', 'events', 'summaries.json'), 'utf8')) as { run: { steps: number[] } };
    const tfBoard = await startExampleBoard(path.join(REPO, 'test', 'fixtures', 'events'));
    try {
      await page.goto(`${tfBoard.url}#scalars`);
      await page.waitForSelector('.card[data-tag="train/loss"][data-loaded="true"]');
      assert.equal(await attr('.card[data-tag="train/loss"] path.line.main[data-run="tf_run"]', 'data-points'), String(fixtures.run.steps.length));
      await page.goto(`${tfBoard.url}#images`);
      await page.waitForSelector('.card[data-kind="images"][data-tag="pictures/image/0"][data-loaded="true"]');
      await page.goto(`${tfBoard.url}#text`);
      await page.waitForSelector('.card[data-kind="text"][data-tag="notes"][data-loaded="true"]');
      await page.goto(`${tfBoard.url}#graph`);
      await page.waitForSelector('#graph-svg[data-state="ready"]');
      assert.equal(await page.locator('g.node.op[data-name="mul"]').count(), 1);
      await screenshot(page, 'tf-fixture-graph');
    } finally {
      await tfBoard.close();
    }
  });

  test('graph: the training graph of a CNN with gradients and Adam (~2,300 ops) lays out, expands, searches, pans and zooms', async () => {
    const cnn = writeCnnLogs();
    const cnnBoard = await startExampleBoard(cnn.logdir);
    try {
      await page.goto(`${cnnBoard.url}#graph`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('#graph-svg[data-state="ready"]', { timeout: 60_000 });
      assert.match((await page.locator('.graph-status').textContent())!, new RegExp(`^${cnn.ops} ops · \\d+ shown`));
      // collapsed at first: the top-level scopes, the big ones as boxes with their op counts
      const grads = 'g.node.scope[data-name="gradients"]';
      assert.equal(await attr(grads, 'data-expanded'), 'false');
      assert.ok(Number(await page.locator(`${grads} .scope-count`).textContent()) > 1000);
      assert.ok(await page.locator('g.node').count() < 80, 'a readable overview');
      // edges carry shape labels
      assert.ok(await page.locator('.edge-label').count() > 5);
      const labels = await page.evaluate(`[...document.querySelectorAll('.edge-label')].map((e) => e.textContent)`) as string[];
      assert.ok(labels.some(t => /^(\d+×)?\[[\d?,]*\]$/.test(t)), `shape labels: ${labels.slice(0, 5).join(' ')}`);
      await screenshot(page, 'cnn-graph');

      // pan (drag) and zoom (wheel and buttons) change the view
      const transform = () => page.locator('#graph-svg g.viewport').getAttribute('transform');
      const before = await transform();
      const box = (await page.locator('#graph-svg').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      for (let i = 0; i < 40 && (await transform()) === before; i++) await new Promise(r => setTimeout(r, 25));
      const zoomed = await transform();
      assert.notEqual(zoomed, before, 'wheel zooms');
      const scale = (t: string | null) => Number(/scale\(([^)]+)\)/.exec(t ?? '')?.[1]);
      assert.ok(scale(zoomed) > scale(before), `${zoomed} zooms in from ${before}`);
      await page.mouse.move(box.x + 40, box.y + box.height - 40);
      await page.mouse.down();
      await page.mouse.move(box.x + 140, box.y + box.height - 90, { steps: 5 });
      await page.mouse.up();
      assert.notEqual(await transform(), zoomed, 'dragging pans');
      await page.locator('button[title="Fit to screen"]').click();

      // expand the gradients scope: its sub-scopes appear as boxes, still laid out
      await page.locator(`${grads} rect.scope-box`).click();
      await page.waitForSelector(`${grads}[data-expanded="true"]`);
      await page.waitForSelector('#graph-svg[data-state="ready"]', { timeout: 60_000 });
      assert.equal(await page.locator('g.node.scope[data-name="gradients/conv7"]').count(), 1);
      await screenshot(page, 'cnn-gradients-expanded');

      // search finds a node deep inside collapsed scopes and reveals it
      const target = 'gradients/conv7/Conv2D_grad/Conv2DBackpropFilter';
      await page.locator('#graph-search').fill('conv7/Conv2D_grad/Conv2DBackpropF');
      await page.waitForSelector(`.search-results li[data-name="${target}"]`);
      await page.locator('#graph-search').press('Enter');
      await page.waitForSelector(`g.node.op.selected[data-name="${target}"]`, { timeout: 60_000 });
      assert.equal(await page.locator('#graph-panel [data-field="name"]').textContent(), target);
      assert.match((await page.locator('#graph-panel [data-field="op"]').textContent())!, /^Conv2DBackpropFilter/);
      assert.match((await page.locator('#graph-panel [data-field="shape"]').textContent())!, /\[3,3,16,16\]/);
      await screenshot(page, 'cnn-search');
    } finally {
      await cnnBoard.close();
      cnn.cleanup();
    }
  });

  test('a large log directory: charts come from what is read plus a sampled preview, then fill in without reloading', async () => {
    const { eventFileBytes } = await import('../../bench/board.js');
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-board-large-'));
    const runs = 12, steps = 30000;
    for (let r = 0; r < runs; r++) {
      mkdirSync(path.join(dir, `run_${r}`));
      writeFileSync(path.join(dir, `run_${r}`, 'events.out.tfevents.1'), eventFileBytes(r, 4, steps));     // ~3.5 MB each
    }
    const big = await startExampleBoard(dir);
    try {
      await page.goto(`${big.url}#scalars`);
      await page.waitForSelector('body[data-ready="true"]');
      const card = '.card[data-kind="scalars"][data-tag="metrics/tag_0"]';
      await page.waitForSelector(`${card}[data-loaded="true"]`, { timeout: 30_000 });
      assert.equal(await page.locator(`${card} path.line.main`).count(), runs);
      await screenshot(page, 'scalars-large-first');
      // every run read in the end (SSE updates refresh the card): 1,000 of 30,000 points each
      await page.waitForSelector(`${card}[data-reading="0"]`, { timeout: 60_000 });
      for (let r = 0; r < runs; r++) {
        const n = Number(await attr(`${card} path.line.main[data-run="run_${r}"]`, 'data-points'));
        assert.ok(n > 900 && n <= 1000, `run_${r}: ${n} points`);
      }
      await screenshot(page, 'scalars-large-read');
    } finally {
      await big.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
