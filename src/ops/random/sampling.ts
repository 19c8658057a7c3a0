// How TF's CPU kernels turn a Philox stream into samples (random_op_cpu.h's
// FillPhiloxRandom with the distributions of random_distributions.h). Each function
// takes the generator reserved for one run and fills `n` outputs, consuming blocks in
// exactly TF's order, so seeded graphs give TF's numbers.

import { Philox, uint32ToFloat, uint64ToDouble, uint16ToHalf, boxMullerFloat, boxMullerDouble } from '../../backend/reference/philox.js';
import { roundHalf } from '../../framework/dtypes.js';

export type FloatData = Float32Array | Float64Array;
type Precision = 'float16' | 'float32' | 'float64';

/** Fixed-size groups: group g uses block g (TF's FillPhiloxRandomTask<..., false>). */
function fillGroups(gen: Philox, n: number, groupSize: number, fill: (s: Uint32Array, at: number, count: number) => void): void {
  const s = new Uint32Array(4);
  for (let at = 0; at < n; at += groupSize) {
    gen.nextBlock(s);
    fill(s, at, Math.min(groupSize, n - at));
  }
}

/** RandomUniform: [0, 1) from mantissa bits; float32/half take 4 per block, doubles 2. */
export function fillUniform(gen: Philox, out: FloatData, dtype: Precision): void {
  if (dtype === 'float64') {
    fillGroups(gen, out.length, 2, (s, at, k) => {
      for (let i = 0; i < k; i++) out[at + i] = uint64ToDouble(s[2 * i], s[2 * i + 1]);
    });
  } else {
    const conv = dtype === 'float16' ? uint16ToHalf : uint32ToFloat;
    fillGroups(gen, out.length, 4, (s, at, k) => {
      for (let i = 0; i < k; i++) out[at + i] = conv(s[i]);
    });
  }
}

/** RandomStandardNormal: Box-Muller pairs; float32/half take 4 per block, doubles 2. */
export function fillNormal(gen: Philox, out: FloatData, dtype: Precision): void {
  const tmp = dtype === 'float64' ? new Float64Array(2) : new Float32Array(4);
  if (dtype === 'float64') {
    fillGroups(gen, out.length, 2, (s, at, k) => {
      boxMullerDouble(s[0], s[1], s[2], s[3], tmp, 0);
      for (let i = 0; i < k; i++) out[at + i] = tmp[i];
    });
  } else {
    const round = dtype === 'float16' ? roundHalf : (x: number) => x;
    fillGroups(gen, out.length, 4, (s, at, k) => {
      boxMullerFloat(s[0], s[1], tmp, 0);
      boxMullerFloat(s[2], s[3], tmp, 2);
      for (let i = 0; i < k; i++) out[at + i] = round(tmp[i]);
    });
  }
}

/**
 * TruncatedNormal: normals with |x| < 2, by rejection. Each output group (4 floats or 2
 * doubles) reads one uint32 at a time from its own region of 256 blocks per output
 * (TF's FillPhiloxRandomTask<..., true>), so groups never depend on each other.
 */
export function fillTruncatedNormal(gen: Philox, out: FloatData, dtype: Precision): void {
  const n = out.length;
  const group = dtype === 'float64' ? 2 : 4;
  const skipPerGroup = (group * 256) / 4;
  const pair = dtype === 'float64' ? new Float64Array(2) : new Float32Array(2);
  const round = dtype === 'float16' ? roundHalf : (x: number) => x;
  const local = new Philox();
  for (let g = 0, at = 0; at < n; g++, at += group) {
    local.copyFrom(gen).skip(g * skipPerGroup);
    const want = Math.min(group, n - at);
    let got = 0;
    // TF fills the whole group; the tail group simply keeps its first `want` values
    while (got < group) {
      if (dtype === 'float64') {
        const x0 = local.nextUint32(), x1 = local.nextUint32(), x2 = local.nextUint32(), x3 = local.nextUint32();
        boxMullerDouble(x0, x1, x2, x3, pair, 0);
      } else {
        const x0 = local.nextUint32();
        boxMullerFloat(x0, local.nextUint32(), pair, 0);
      }
      for (let j = 0; j < 2 && got < group; j++) {
        if (Math.abs(pair[j]) < 2) {
          if (got < want) out[at + got] = round(pair[j]);
          got++;
        }
      }
    }
  }
}

/** RandomUniformInt for int32: lo + (bits % (hi - lo)), 4 per block. */
export function fillUniformInt32(gen: Philox, out: Int32Array, lo: number, hi: number): void {
  const range = (hi - lo) >>> 0;
  fillGroups(gen, out.length, 4, (s, at, k) => {
    for (let i = 0; i < k; i++) out[at + i] = (lo + (s[i] % range)) | 0;
  });
}

/** RandomUniformInt for int64: lo + (64 bits % (hi - lo)), 2 per block. */
export function fillUniformInt64(gen: Philox, out: BigInt64Array, lo: bigint, hi: bigint): void {
  const range = BigInt.asUintN(64, hi - lo);
  fillGroups(gen, out.length, 2, (s, at, k) => {
    for (let i = 0; i < k; i++) {
      const bits = BigInt(s[2 * i]) | (BigInt(s[2 * i + 1]) << 32n);
      out[at + i] = BigInt.asIntN(64, lo + bits % range);
    }
  });
}

/**
 * The permutation RandomShuffle applies to the first dimension: TF's own Fisher-Yates
 * variant (swap i with i + u % (n - i)), one uint32 per step.
 */
export function shufflePermutation(gen: Philox, n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const j = i + (gen.nextUint32() % (n - i));
    const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
  }
  return perm;
}

export { uint32ToFloat, uint64ToDouble };
