// Encoders for image and audio summaries: PNG (via pngjs, 8 bits per channel, gray / RGB /
// RGBA as TF's png::WriteImageToBuffer) and 16-bit PCM WAV (tensorflow/core/lib/wav/wav_io.cc).

import pngjs from 'pngjs';

const COLOR_TYPE: Record<number, number> = { 1: 0, 3: 2, 4: 6 };   // depth -> PNG color type

/** PNG bytes of an 8-bit image of `depth` 1, 3 or 4 channels, pixels row-major (h, w, depth). */
export function encodePng(pixels: Uint8Array, height: number, width: number, depth: number): Buffer {
  const colorType = COLOR_TYPE[depth];
  if (colorType === undefined) throw new RangeError(`PNG images have 1, 3 or 4 channels, not ${depth}`);
  const png = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
  return pngjs.PNG.sync.write(png as unknown as pngjs.PNG, {
    colorType: colorType as 0 | 2 | 6, inputColorType: colorType as 0 | 2 | 6, inputHasAlpha: depth === 4, bitDepth: 8,
  });
}

/** Decodes PNG bytes to 8-bit pixels with the channel count the PNG has (1, 2, 3 or 4). */
export function decodePng(bytes: Uint8Array): { height: number; width: number; depth: number; pixels: Uint8Array } {
  const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  // pngjs always returns RGBA; recover the stored channel count from the header's color type
  const colorType = (png as unknown as { colorType?: number }).colorType ?? 6;
  const depth = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType] ?? 4;
  const n = png.width * png.height;
  const pixels = new Uint8Array(n * depth);
  const pick = depth === 1 ? [0] : depth === 2 ? [0, 3] : depth === 3 ? [0, 1, 2] : [0, 1, 2, 3];
  for (let i = 0; i < n; i++) for (let c = 0; c < depth; c++) pixels[i * depth + c] = png.data[i * 4 + pick[c]];
  return { height: png.height, width: png.width, depth, pixels };
}

/** TF's FloatToInt16Sample: round half away from zero, clamp to int16. */
function toInt16(x: number): number {
  const y = Math.fround(x * 32768);
  if (Number.isNaN(y)) return 0;
  const r = y < 0 ? -Math.round(-y) : Math.round(y);
  return Math.max(-32768, Math.min(32767, r));
}

/** A 16-bit little-endian PCM WAV file of `frames` x `channels` interleaved float samples. */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number, channels: number, frames: number): Buffer {
  const dataSize = frames * channels * 2;
  const b = Buffer.alloc(44 + dataSize);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataSize, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);                     // PCM
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2 * channels, 28);
  b.writeUInt16LE(2 * channels, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataSize, 40);
  for (let i = 0; i < frames * channels; i++) b.writeInt16LE(toInt16(samples[i]), 44 + 2 * i);
  return b;
}

/** Decodes a 16-bit PCM WAV written by encodeWav (or TF) to float samples in [-1, 1). */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; channels: number; frames: number; samples: Float32Array } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 44 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') {
    throw new RangeError('not a RIFF/WAVE file');
  }
  const channels = b.readUInt16LE(22), sampleRate = b.readUInt32LE(24);
  let p = 12;
  while (p + 8 <= b.length && b.toString('latin1', p, p + 4) !== 'data') p += 8 + b.readUInt32LE(p + 4);
  if (p + 8 > b.length) throw new RangeError('No data chunk found in WAV');
  const n = b.readUInt32LE(p + 4) / 2;
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = b.readInt16LE(p + 8 + 2 * i) / 32768;
  return { sampleRate, channels, frames: n / channels, samples };
}
