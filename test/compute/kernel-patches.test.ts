import { describe, expect, it } from 'vitest';
import { tf } from '../../src/compute/tf.js';
import { initBackend } from '../../src/compute/backend.js';
import { gatherBatched, segmentSum } from '../../src/compute/kernel-patches.js';

describe('patched tfjs kernels', () => {
  it('segmentSum adds rows into their segments, dropping ids out of range', () => {
    const out = new Float32Array(3 * 2);
    segmentSum([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, 5], 3, 2, out);
    expect(Array.from(out)).toEqual([3, 4, 0, 0, 1 + 5, 2 + 6]);
  });

  it('gatherBatched follows tf.gather with batch dims', () => {
    // x: [2 batches, 3 rows, 2], indices per batch: [[2, 0], [1, 1]]
    const x = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15];
    const out = new Float32Array(8);
    const shape = gatherBatched(x, [2, 3, 2], [2, 0, 1, 1], [2, 2], 1, 1, out);
    expect(shape).toEqual([2, 2, 2]);
    expect(Array.from(out)).toEqual([4, 5, 0, 1, 12, 13, 12, 13]);
  });

  for (const device of ['cpu', 'wasm'] as const) {
    it(`${device}: the gradient of tf.gather is a segment sum, and batched gather is right`, async () => {
      await initBackend(device);
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
      const idx = tf.tensor1d([3, 0, 3, 1], 'int32');
      const w = tf.tensor2d([[1, 1], [2, 2], [3, 3], [4, 4]]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), w)))(table);
      // row 0 <- w[1]; row 1 <- w[3]; row 3 <- w[0] + w[2]; row 2 untouched
      expect(g.arraySync()).toEqual([[2, 2], [4, 4], [0, 0], [4, 4]]);
      const x = tf.tensor3d([[[0, 1], [2, 3], [4, 5]], [[10, 11], [12, 13], [14, 15]]]);
      const bi = tf.tensor2d([[2, 0], [1, 1]], [2, 2], 'int32');
      expect(tf.gather(x, bi, 1, 1).arraySync()).toEqual([[[4, 5], [0, 1]], [[12, 13], [12, 13]]]);
      tf.dispose([table, idx, w, g, x, bi]);
      await initBackend('cpu');
    });
  }

  // Shapes on which tfjs-backend-wasm 4.22's own GatherV2 disagrees with the cpu backend.
  it.each([
    [[2, 3, 4], [2, 3, 2], 2, 2],
    [[3, 5], [3, 4], 1, 1],
    [[2, 2, 3, 2], [2, 2, 2], 2, 2],
    [[4, 6, 3], [4, 5], 1, 1],
  ])('wasm batched gather equals cpu for x %j, indices %j, axis %i, batchDims %i', async (xs, is, axis, bd) => {
    const xv = Array.from({ length: (xs as number[]).reduce((a, b) => a * b, 1) }, (_, i) => i);
    const dim = (xs as number[])[axis as number]!;
    const iv = Array.from({ length: (is as number[]).reduce((a, b) => a * b, 1) }, (_, i) => (i * 7 + 3) % dim);
    const results: unknown[] = [];
    for (const device of ['cpu', 'wasm'] as const) {
      await initBackend(device);
      const x = tf.tensor(xv, xs as number[]);
      const idx = tf.tensor(iv, is as number[], 'int32');
      const g = tf.gather(x, idx, axis as number, bd as number);
      results.push(g.arraySync());
      tf.dispose([x, idx, g]);
    }
    await initBackend('cpu');
    expect(results[1]).toEqual(results[0]);
  });
});
