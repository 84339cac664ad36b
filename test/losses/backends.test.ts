import { expect, it } from 'vitest';
import { initBackend } from '../../src/compute/backend.js';
import { describeLosses, resolveLoss } from '../../src/losses/index.js';
import { expectAllClose, tf } from './helpers.js';

// Values and gradients of every loss on the cpu backend, then on wasm: they must agree (wasm
// lacks some kernels, e.g. the one tfjs's gather gradient uses; this catches such gaps).
const SCORES = [
  [2, -1, 0.5, 40],
  [-0.3, 1.5, -2, -40],
];
const LABELS = [
  [1, 0, 0, 1],
  [0, 1, 1, 0],
];
const POS = [1.2, -0.4];
const NEG = [
  [0.3, -1.1, 2.0],
  [0.7, -0.2, -30],
];

function evaluate(): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { name } of describeLosses()) {
    for (const reduction of ['mean', 'sum']) {
      const loss = resolveLoss(name, { reduction });
      out[`${name}/${reduction}`] = tf.tidy(() => {
        const labels = tf.tensor2d(LABELS);
        const lcwa = (s: tf.Tensor) => loss.forward(s as tf.Tensor2D, labels);
        const slcwa = (p: tf.Tensor, n: tf.Tensor) => loss.forwardSlcwa(p as tf.Tensor1D, n as tf.Tensor2D);
        const s = tf.tensor2d(SCORES);
        const p = tf.tensor1d(POS);
        const n = tf.tensor2d(NEG);
        const [gp, gn] = tf.grads(slcwa)([p, n]);
        return [lcwa(s), tf.grad(lcwa)(s), slcwa(p, n), gp, gn].flatMap((t) => Array.from(t.dataSync()));
      });
    }
  }
  return out;
}

it('every loss gives the same values and gradients on the cpu and wasm backends', async () => {
  await initBackend('cpu');
  const cpu = evaluate();
  const info = await initBackend('wasm');
  expect(info.backend).toBe('wasm');
  expect(tf.getBackend()).toBe('wasm');
  const wasm = evaluate();
  expect(Object.keys(wasm)).toEqual(Object.keys(cpu));
  for (const key of Object.keys(cpu)) {
    expect(wasm[key].every(Number.isFinite), key).toBe(true);
    expectAllClose(wasm[key], cpu[key], 1e-5);
  }
});
