// Helpers of the board's end-to-end tests: headless Debian chromium driven by playwright-core,
// example logs written by a small training run, the board started on them, screenshots.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../../src/index.js';

export const CHROMIUM = process.env.TENSORGRAPH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A variable specifier: the build does not need playwright-core's types (it is a test-only dependency).
const PLAYWRIGHT: string = 'playwright-core';

/** The repository root (this file runs from dist/test/board). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'board');

// Minimal structural types of the playwright-core API used here (it is an optional dependency).
export interface Locator {
  click(opts?: object): Promise<void>;
  fill(v: string): Promise<void>;
  press(key: string): Promise<void>;
  count(): Promise<number>;
  first(): Locator;
  nth(i: number): Locator;
  locator(sel: string): Locator;
  getAttribute(name: string): Promise<string | null>;
  textContent(): Promise<string | null>;
  inputValue(): Promise<string>;
  waitFor(opts?: { state?: string; timeout?: number }): Promise<void>;
  scrollIntoViewIfNeeded(): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  hover(opts?: object): Promise<void>;
  focus(): Promise<void>;
  evaluate<R>(fn: (el: any, arg?: any) => R, arg?: unknown): Promise<R>;
}
export interface Page {
  goto(url: string, opts?: object): Promise<unknown>;
  locator(sel: string): Locator;
  waitForSelector(sel: string, opts?: { state?: string; timeout?: number }): Promise<unknown>;
  waitForFunction(fn: string | ((arg: unknown) => unknown), arg?: unknown, opts?: { timeout?: number; polling?: number | string }): Promise<unknown>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
  evaluate<R>(fn: string | ((arg: unknown) => R), arg?: unknown): Promise<R>;
  on(ev: string, fn: (x: never) => void): void;
  waitForEvent(ev: string, opts?: object): Promise<unknown>;
  mouse: { move(x: number, y: number, opts?: object): Promise<void>; down(): Promise<void>; up(): Promise<void>; wheel(dx: number, dy: number): Promise<void> };
  keyboard: { press(key: string): Promise<void> };
  setDefaultTimeout(ms: number): void;
}
export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Why the browser tests cannot run here, or null when they can. */
export async function skipReason(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: run scripts/e2e-setup.sh (apt-get install chromium) to run the board's browser tests`;
  try { await import(PLAYWRIGHT); } catch {
    return "playwright-core is not installed: run 'npm install' (it is a devDependency) to run the board's browser tests";
  }
  return null;
}

/** Launches headless chromium with a fresh profile; close() also removes the profile. */
export async function launchBrowser(): Promise<Browser> {
  const pw = (await import(PLAYWRIGHT)) as { chromium: { launchPersistentContext(dir: string, opts: object): Promise<Browser & { pages(): Page[] }> } };
  const profile = mkdtempSync(path.join(tmpdir(), 'tg-board-chromium-'));
  const ctx = await pw.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 }, acceptDownloads: true, timeout: 30_000,
  });
  return {
    newPage: () => ctx.newPage(),
    close: async () => { await ctx.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** Saves a screenshot under test-artifacts/board/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** What writeExampleLogs wrote, for the tests' expectations. */
export interface ExampleLogs {
  logdir: string;
  trainSteps: number;
  evalSteps: number[];
  mediaSteps: number[];
  /** Appends `n` more eval points (a live update) and returns the new total. */
  appendEval(n: number): number;
  /** Writes a new run `name` with `n` loss points. */
  addRun(name: string, n: number): void;
  cleanup(): void;
}

const TRAIN_STEPS = 25;
const MEDIA_EVERY = 5;

/**
 * Writes a log directory with runs "train" (a small two-layer regression trained with
 * gradient descent: graph with name scopes, scalars and histograms every step, an image,
 * an audio clip and a text note every 5 steps), "eval" (loss every 5 steps, written later)
 * and "broken" (a corrupt event file the board warns about).
 */
export function writeExampleLogs(): ExampleLogs {
  const logdir = mkdtempSync(path.join(tmpdir(), 'tg-board-e2e-'));
  const g = new tf.Graph();
  const m = g.asDefault(() => {
    const x = tf.placeholder(tf.float32, [null, 4], { name: 'x' });
    const y = tf.placeholder(tf.float32, [null, 1], { name: 'y' });
    const picture = tf.placeholder(tf.float32, [1, 8, 8, 3], { name: 'picture_input' });
    const sound = tf.placeholder(tf.float32, [1, 800], { name: 'sound_input' });
    const layer = (inp: tf.Tensor, nin: number, nout: number, name: string, relu: boolean) => tf.nameScope(name, () => {
      const w = new tf.Variable(tf.randomNormal([nin, nout], 0, 0.5, { seed: 1 }), { name: 'weights' });
      const b = new tf.Variable(tf.zeros([nout]), { name: 'biases' });
      tf.summary.histogram('histogram', w);
      const z = tf.add(tf.matmul(inp, w), b, { name: 'preactivation' });
      return relu ? tf.nn.relu(z, { name: 'activation' }) : z;
    });
    const hidden = layer(x, 4, 8, 'layer1', true);
    const out = layer(hidden, 8, 1, 'layer2', false);
    const loss = tf.nameScope('mse', () => tf.reduceMean(tf.square(tf.subtract(out, y)), { name: 'value' }));
    tf.summary.scalar('loss', loss);
    const train = new tf.train.GradientDescentOptimizer(0.05).minimize(loss);
    const scalars = tf.summary.mergeAll()!;
    const media = tf.summary.merge([
      tf.summary.image('picture', picture, { collections: [] }),
      tf.summary.audio('tone', sound, 8000, { collections: [] }),
      tf.summary.text('note', tf.constant('training **note**'), { collections: [] }),
    ]);
    return { x, y, picture, sound, train, scalars, media, init: tf.globalVariablesInitializer() };
  });
  const sess = new tf.Session(g);
  sess.run(m.init);
  const writer = new tf.summary.FileWriter(path.join(logdir, 'train'), g);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < 16; i++) {
    const row = [Math.sin(i), Math.cos(i), (i % 4) / 4, 1 - (i % 3) / 3];
    xs.push(row);
    ys.push([row[0] * 0.5 - row[1] * 0.25 + row[2]]);
  }
  const mediaSteps: number[] = [];
  for (let step = 0; step < TRAIN_STEPS; step++) {
    const [, summ] = sess.run([m.train, m.scalars], [[m.x, xs], [m.y, ys]]);
    writer.addSummary(summ as tf.NDArray, step);
    if (step % MEDIA_EVERY === 0) {
      const img: number[][][][] = [Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, (_, c) => [((r + step) % 8) / 7, c / 7, ((r * c) % 5) / 4]))];
      const wave = [Array.from({ length: 800 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * (220 + step * 20) * i) / 8000))];
      writer.addSummary(sess.run(m.media, [[m.picture, img], [m.sound, wave]]) as tf.NDArray, step);
      mediaSteps.push(step);
    }
  }
  writer.close();

  const evalDir = path.join(logdir, 'eval');
  const evalSteps: number[] = [];
  const evalWriter = new tf.summary.FileWriter(evalDir);
  const addEval = (step: number) => {
    evalWriter.addSummary({ value: [{ tag: 'loss', simple_value: 1 / (1 + step) }] }, step);
    evalSteps.push(step);
  };
  for (let step = 0; step < TRAIN_STEPS; step += MEDIA_EVERY) addEval(step);
  evalWriter.flush();

  mkdirSync(path.join(logdir, 'broken'));
  const bad = path.join(logdir, 'broken', 'events.out.tfevents.1700000000.corrupt');
  writeFileSync(bad, Buffer.from('this is not a TFRecord file at all, just some bytes'));
  appendFileSync(bad, Buffer.alloc(40, 7));

  return {
    logdir,
    trainSteps: TRAIN_STEPS,
    evalSteps,
    mediaSteps,
    appendEval(n: number) {
      const last = evalSteps[evalSteps.length - 1];
      for (let i = 1; i <= n; i++) addEval(last + i * MEDIA_EVERY);
      evalWriter.flush();
      return evalSteps.length;
    },
    addRun(name: string, n: number) {
      const w = new tf.summary.FileWriter(path.join(logdir, name));
      for (let step = 0; step < n; step++) w.addSummary({ value: [{ tag: 'loss', simple_value: 2 / (2 + step) }] }, step);
      w.close();
    },
    cleanup() {
      evalWriter.close();
      sess.close?.();
      rmSync(logdir, { recursive: true, force: true });
    },
  };
}

/**
 * The training graph of a CNN with its gradients and optimizer (12 conv blocks with batch
 * normalization, 3 dense layers with dropout, softmax cross-entropy, Adam: ~2,300 ops, most of
 * them under "gradients"), written with FileWriter to a log directory of its own.
 */
export function writeCnnLogs(): { logdir: string; ops: number; cleanup(): void } {
  const logdir = mkdtempSync(path.join(tmpdir(), 'tg-board-cnn-'));
  const g = new tf.Graph();
  const blocks = 12, dense = 3;
  g.asDefault(() => {
    const x = tf.placeholder(tf.float32, [null, 32, 32, 3], { name: 'images' });
    const labels = tf.placeholder(tf.int32, [null], { name: 'labels' });
    let h: tf.Tensor = x;
    let ch = 3;
    for (let b = 0; b < blocks; b++) {
      h = tf.nameScope(`conv${b + 1}`, () => {
        const out = 8 * (1 + (b >> 2));
        const w = new tf.Variable(tf.truncatedNormal([3, 3, ch, out], 0, 0.1, { seed: b }), { name: 'kernel' });
        const bias = new tf.Variable(tf.zeros([out]), { name: 'bias' });
        let z = tf.nn.biasAdd(tf.nn.conv2d(h, w, [1, 1, 1, 1], 'SAME'), bias);
        const [mean, variance] = tf.nn.moments(z, [0, 1, 2]);
        z = tf.nn.relu(tf.nn.batchNormalization(z, mean, variance, null, null, 1e-3));
        ch = out;
        return b % 4 === 3 ? tf.nn.maxPool(z, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME') : z;
      });
    }
    const side = 32 >> Math.floor(blocks / 4);
    h = tf.reshape(h, [-1, side * side * ch]);
    let width = side * side * ch;
    for (let d = 0; d < dense; d++) {
      const out = d === dense - 1 ? 10 : 64;
      h = tf.nameScope(`dense${d + 1}`, () => {
        const w = new tf.Variable(tf.truncatedNormal([width, out], 0, 0.05, { seed: 100 + d }), { name: 'kernel' });
        const bias = new tf.Variable(tf.zeros([out]), { name: 'bias' });
        const z = tf.add(tf.matmul(h, w), bias);
        return d === dense - 1 ? z : tf.nn.dropout(tf.nn.relu(z), 0.8);
      });
      width = out;
    }
    const loss = tf.nameScope('loss', () => tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits: h }), { name: 'xent' }));
    new tf.train.AdamOptimizer(1e-3).minimize(loss);
  });
  const w = new tf.summary.FileWriter(path.join(logdir, 'cnn'), g);
  w.close();
  return { logdir, ops: g.getOperations().length, cleanup: () => rmSync(logdir, { recursive: true, force: true }) };
}

/** A started board (the server's startBoard), closed by close(). */
export interface RunningBoard { url: string; close(): Promise<void> }

export async function startExampleBoard(logdir: string, opts: { reloadMs?: number } = {}): Promise<RunningBoard> {
  const { startBoard } = await import('../../src/board/server/index.js');
  const board = await startBoard({ logdir, port: 0, host: '127.0.0.1', ...opts });
  return { url: board.url, close: () => board.close() };
}
