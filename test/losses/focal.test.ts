import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { FocalLoss, PointwiseLoss, resolveLoss } from '../../src/losses/index.js';
import { NEG, POS, bce, expectAllClose, expectClose, lcwa, sigmoid, slcwa, tf, value } from './helpers.js';

/** Focal loss of one element from the definition. */
function focalRef(s: number, y: number, gamma: number, alpha?: number): number {
  const p = sigmoid(s);
  const pt = y * p + (1 - y) * (1 - p);
  const a = alpha === undefined ? 1 : alpha * y + (1 - alpha) * (1 - y);
  return a * bce(s, y) * (1 - pt) ** gamma;
}

const elementLoss = (loss: FocalLoss, s: number, y: number) =>
  value(() => loss.forward(tf.tensor2d([[s]]), tf.tensor2d([[y]])));

describe('focal', () => {
  it('is a PointwiseLoss with gamma 2 and no alpha by default', () => {
    const loss = resolveLoss('focal');
    expect(loss).toBeInstanceOf(FocalLoss);
    expect(loss).toBeInstanceOf(PointwiseLoss);
    expect((loss as FocalLoss).gamma).toBe(2);
    expect((loss as FocalLoss).alpha).toBeUndefined();
  });

  it('matches the definition element by element, with and without alpha', () => {
    for (const [gamma, alpha] of [[2, undefined], [0.5, 0.25], [3, 0.9]] as const) {
      const loss = new FocalLoss({ gamma, alpha });
      for (const s of [-3, -0.7, 0, 0.4, 2.5]) {
        for (const y of [0, 1]) expectClose(elementLoss(loss, s, y), focalRef(s, y, gamma, alpha));
      }
    }
  });

  it('alpha weighs positives by alpha and negatives by 1 - alpha', () => {
    const plain = new FocalLoss({ gamma: 1 });
    const weighted = new FocalLoss({ gamma: 1, alpha: 0.2 });
    expectClose(elementLoss(weighted, 0.3, 1), 0.2 * elementLoss(plain, 0.3, 1));
    expectClose(elementLoss(weighted, 0.3, 0), 0.8 * elementLoss(plain, 0.3, 0));
  });

  for (const reduction of ['mean', 'sum'] as const) {
    it(`gamma = 0 without alpha equals bcewithlogits (LCWA, sLCWA, label smoothing), ${reduction}`, () => {
      const focal = resolveLoss('focal', { gamma: 0, reduction, label_smoothing: 0.1 }, { numEntities: 7 });
      const bceLoss = resolveLoss('bcewithlogits', { reduction, label_smoothing: 0.1 }, { numEntities: 7 });
      for (const loss of [focal, bceLoss]) expect(loss.numEntities).toBe(7);
      const [f1, b1] = [focal, bceLoss].map((l) => value(() => {
        const { scores, labels } = lcwa();
        return l.forward(scores, labels);
      }));
      const [f2, b2] = [focal, bceLoss].map((l) => value(() => {
        const { pos, neg } = slcwa();
        return l.forwardSlcwa(pos, neg);
      }));
      expectClose(f1, b1, 1e-6);
      expectClose(f2, b2, 1e-6);
    });
  }

  it('a larger gamma lowers the loss of well-classified elements relative to badly classified ones', () => {
    const well = [4, 1] as const; // (score, label): p_t = 0.982
    const bad = [-1.5, 1] as const; // p_t = 0.18
    let lastRatio = Infinity;
    let lastWell = Infinity;
    for (const gamma of [0, 0.5, 1, 2, 5]) {
      const loss = new FocalLoss({ gamma });
      const w = elementLoss(loss, ...well);
      const b = elementLoss(loss, ...bad);
      expect(w / b).toBeLessThan(lastRatio);
      expect(w).toBeLessThan(lastWell);
      lastRatio = w / b;
      lastWell = w;
    }
    // gamma = 5 shrinks the well-classified loss by (1 - p_t)^5 ~ 1.9e-9 but the bad one only by 0.37
    expect(lastRatio).toBeLessThan(1e-8);
  });

  it('sLCWA reference value', () => {
    const loss = new FocalLoss({ gamma: 2, alpha: 0.4, reduction: 'sum' });
    const expected =
      POS.reduce((a, s) => a + focalRef(s, 1, 2, 0.4), 0) + NEG.flat().reduce((a, s) => a + focalRef(s, 0, 2, 0.4), 0);
    expectClose(value(() => {
      const { pos, neg } = slcwa();
      return loss.forwardSlcwa(pos, neg);
    }), expected);
  });

  it('extreme scores: well classified -> 0, badly classified -> |s|, finite gradients', () => {
    const loss = new FocalLoss({ gamma: 2, reduction: 'sum' });
    const scores = [1000, -1000, 100, -100, -1000, 1000];
    const labels = [1, 1, 1, 1, 0, 0];
    const v = value(() => loss.forward(tf.tensor2d([scores]), tf.tensor2d([labels])));
    expectClose(v, 1000 + 100 + 1000);
    const g = tf.tidy(() => {
      const y = tf.tensor2d([labels]);
      return Array.from(tf.grad((s: tf.Tensor) => loss.forward(s as tf.Tensor2D, y))(tf.tensor2d([scores])).dataSync());
    });
    // badly classified: d/ds bce = -1 (y = 1) or +1 (y = 0), modulating factor ~1 with vanishing derivative
    expect(g.every(Number.isFinite)).toBe(true);
    expectAllClose(g, [0, -1, 0, -1, 0, 1], 1e-6);
  });

  it('gamma < 0 and alpha outside (0, 1) are ConfigErrors naming the value', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ gamma: -1 }, /gamma.*-1/],
      [{ alpha: 1.5 }, /alpha.*1\.5/],
      [{ alpha: 0 }, /alpha.*got 0/],
      [{ alpha: 1 }, /alpha.*got 1/],
      [{ gamma: Number.POSITIVE_INFINITY }, /gamma.*Infinity/],
    ];
    for (const [kwargs, message] of cases) {
      expect(() => resolveLoss('focal', kwargs)).toThrow(ConfigError);
      expect(() => resolveLoss('focal', kwargs)).toThrow(message);
      expect(() => new FocalLoss(kwargs as object)).toThrow(message);
    }
    expect(() => resolveLoss('focal', { alpha: null })).not.toThrow();
  });
});
