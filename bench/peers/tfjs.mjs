// Peer timings from TensorFlow.js (npm devDependencies @tensorflow/tfjs with its cpu backend, and
// @tensorflow/tfjs-backend-wasm), run in a process of its own by bench/run.ts. One JSON line per result:
//   {"peer": "TF.js 4.x cpu", "bench": "gemm", "n": N, "gflops": ...}
//   {"peer": ..., "bench": "mlp", "steps_per_s": ...}       784-512-256-10 SGD step, batch 128
//   {"peer": ..., "bench": "add", "n": N, "gbps": ...}       a + b, float32 (3 * 4 * n bytes moved)
// Prints nothing for a backend that does not load. Usage: node tfjs.mjs [cpu|wasm ...]

const backends = process.argv.slice(2).length ? process.argv.slice(2) : ['cpu', 'wasm'];

let tf;
try {
  tf = await import('@tensorflow/tfjs');  // core, the cpu backend and the gradients
  await import('@tensorflow/tfjs-backend-wasm');
} catch {
  process.exit(0);
}

const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Seconds per call: repeated until ~0.3 s per repetition, median of 5. */
function timeIt(fn, budget = 0.3) {
  fn(); fn();
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const s = (performance.now() - t) / 1e3;
    if (s > budget / 4 || reps > 1e5) break;
    reps *= 2;
  }
  const out = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    out.push((performance.now() - t) / 1e3 / reps);
  }
  return median(out);
}

const emit = o => process.stdout.write(JSON.stringify(o) + '\n');

for (const name of backends) {
  try {
    if (!(await tf.setBackend(name))) continue;
    await tf.ready();
  } catch {
    continue;
  }
  const peer = `TF.js ${tf.version_core} ${name}`;
  for (const n of [64, 128, 256, 512, 1024]) {
    if (name === 'cpu' && n > 512) continue;  // the cpu backend's plain-JS GEMM takes seconds here
    const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
    const s = timeIt(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }, n >= 512 ? 1 : 0.3);
    emit({ peer, bench: 'gemm', n, gflops: 2 * n ** 3 / s / 1e9 });
    a.dispose(); b.dispose();
  }
  for (const n of [1 << 20, 1 << 24]) {
    const a = tf.randomNormal([n]), b = tf.randomNormal([n]);
    const s = timeIt(() => { const c = tf.add(a, b); c.dataSync(); c.dispose(); });
    emit({ peer, bench: 'add', n, gbps: 12 * n / s / 1e9 });
    a.dispose(); b.dispose();
  }
  {
    const sizes = [784, 512, 256, 10];
    const ws = [], bs = [];
    for (let i = 0; i < 3; i++) {
      ws.push(tf.variable(tf.randomNormal([sizes[i], sizes[i + 1]], 0, Math.sqrt(2 / (sizes[i] + sizes[i + 1])))));
      bs.push(tf.variable(tf.zeros([sizes[i + 1]])));
    }
    const x = tf.randomUniform([128, 784]);
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 128 }, (_, i) => i % 10), 'int32'), 10);
    const opt = tf.train.sgd(0.01);
    const step = () => {
      const cost = opt.minimize(() => {
        let h = x;
        for (let i = 0; i < 3; i++) {
          h = tf.add(tf.matMul(h, ws[i]), bs[i]);
          if (i < 2) h = tf.relu(h);
        }
        const logp = tf.logSoftmax(h);
        return tf.neg(tf.mean(tf.sum(tf.mul(labels, logp), 1)));
      }, true);
      cost.dataSync();
      cost.dispose();
    };
    const s = timeIt(step, 1);
    emit({ peer, bench: 'mlp', steps_per_s: 1 / s });
  }
}
