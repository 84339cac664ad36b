import { describe, expect, it } from 'vitest';
import { describeLosses, logSigmoid, resolveLoss, softplus } from '../../src/losses/index.js';
import { tf } from './helpers.js';

const EXTREMES = [100, -100, 1000, -1000];

/** Every combination of extreme scores and labels, both entry points, both reductions. */
const LCWA_SCORES = [
  [1000, -1000, 100, -100],
  [-1000, 1000, -100, 100],
  [1000, 1000, -1000, -1000],
];
const LCWA_LABELS = [
  [1, 0, 1, 0],
  [1, 0, 1, 0],
  [0, 1, 0, 1],
];
const POS = [1000, -1000, 100, -100];
const NEG = [
  [1000, -1000, 100],
  [-100, 1000, -1000],
  [100, -100, 1000],
  [-1000, -1000, 1000],
];

function finite(xs: ArrayLike<number>): boolean {
  return Array.from(xs).every(Number.isFinite);
}

describe('numerical stability at scores of +-100 and +-1000', () => {
  it('tfjs softplus / log-sigmoid are exact in the tails on this backend, with finite gradients', () => {
    const [sp, ls, gsp, gls] = tf.tidy(() => {
      const x = tf.tensor1d(EXTREMES);
      return [
        softplus(x),
        logSigmoid(x),
        tf.grad((t: tf.Tensor) => tf.sum(softplus(t)))(x),
        tf.grad((t: tf.Tensor) => tf.sum(logSigmoid(t)))(x),
      ].map((t) => Array.from(t.dataSync()));
    });
    expect(sp).toEqual([100, 0, 1000, 0].map((v, i) => (i === 1 ? sp[1] : v)));
    expect(sp[1]).toBeLessThan(1e-40); // softplus(-100) = 3.7e-44
    expect(ls[2]).toBeCloseTo(0, 30);
    expect(ls[3]).toBe(-1000);
    expect(gsp).toEqual([1, gsp[1], 1, 0]);
    expect(gsp[1]).toBeLessThan(1e-40);
    expect(gls).toEqual([gls[0], 1, 0, 1]);
    expect(gls[0]).toBeLessThan(1e-40);
  });

  const losses = describeLosses();
  // Extra settings where a naive form would break: 0^(gamma - 1) in the focal gradient for gamma < 1.
  const EXTRA: Record<string, Record<string, unknown>[]> = {
    focal: [{ gamma: 0 }, { gamma: 0.5, alpha: 0.25 }],
    marginranking: [{ margin_activation: 'softplus' }],
    doublemargin: [{ margin_activation: 'softplus' }],
  };

  it('covers every registered loss', () => {
    expect(losses.length).toBeGreaterThanOrEqual(15);
  });

  for (const { name, params } of losses) {
    const smoothing = params.some((p) => p.name === 'label_smoothing');
    for (const reduction of ['mean', 'sum']) {
      it(`${name} (${reduction}): finite LCWA value and gradient`, () => {
        const variants = [{}, ...(EXTRA[name] ?? []), ...(smoothing ? [{ label_smoothing: 0.1 }] : [])];
        for (const extra of variants) {
          const loss = resolveLoss(name, { reduction, ...extra }, { numEntities: 50 });
          const [v, g] = tf.tidy(() => {
            const labels = tf.tensor2d(LCWA_LABELS);
            const f = (s: tf.Tensor) => loss.forward(s as tf.Tensor2D, labels);
            const scores = tf.tensor2d(LCWA_SCORES);
            return [f(scores).dataSync(), tf.grad(f)(scores).dataSync()];
          });
          expect(finite(v), `${name} ${JSON.stringify(extra)} value ${v[0]}`).toBe(true);
          expect(finite(g), `${name} ${JSON.stringify(extra)} gradient ${Array.from(g)}`).toBe(true);
        }
      });

      it(`${name} (${reduction}): finite sLCWA value and gradients`, () => {
        for (const extra of [{}, ...(EXTRA[name] ?? [])]) {
          const loss = resolveLoss(name, { reduction, ...extra });
          const [v, gp, gn] = tf.tidy(() => {
            const f = (p: tf.Tensor, n: tf.Tensor) => loss.forwardSlcwa(p as tf.Tensor1D, n as tf.Tensor2D);
            const p = tf.tensor1d(POS);
            const n = tf.tensor2d(NEG);
            const [dp, dn] = tf.grads(f)([p, n]);
            return [f(p, n).dataSync(), dp.dataSync(), dn.dataSync()];
          });
          expect(finite(v), `${name} value ${v[0]}`).toBe(true);
          expect(finite(gp) && finite(gn), `${name} ${JSON.stringify(extra)} gradients`).toBe(true);
        }
      });
    }
  }
});
