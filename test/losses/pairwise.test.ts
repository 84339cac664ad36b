import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { gatherFlat, lcwaPairs, MarginRankingLoss, PairwiseLogisticLoss, resolveLoss, SoftMarginRankingLoss } from '../../src/losses/index.js';
import { NEG, POS, S, Y, expectAllClose, expectClose, lcwa, reduce, relu, sigmoid, slcwa, softplus, tf, value } from './helpers.js';

type H = (delta: number) => number; // h(s_neg - s_pos)

const cases: { name: string; kwargs: Record<string, unknown>; h: H; dh: H }[] = [
  { name: 'marginranking', kwargs: {}, h: (d) => relu(d + 1), dh: (d) => (d + 1 > 0 ? 1 : 0) },
  { name: 'marginranking', kwargs: { margin: 0.5 }, h: (d) => relu(d + 0.5), dh: (d) => (d + 0.5 > 0 ? 1 : 0) },
  { name: 'marginranking', kwargs: { margin_activation: 'softplus' }, h: (d) => softplus(d + 1), dh: (d) => sigmoid(d + 1) },
  { name: 'softmarginranking', kwargs: {}, h: (d) => softplus(d + 1), dh: (d) => sigmoid(d + 1) },
  { name: 'softmarginranking', kwargs: { margin: 2 }, h: (d) => softplus(d + 2), dh: (d) => sigmoid(d + 2) },
  { name: 'pairwiselogistic', kwargs: {}, h: (d) => softplus(d), dh: (d) => sigmoid(d) },
];

/** sLCWA pairs: negative j of row i with positive i. */
const slcwaPairs = () => POS.flatMap((p, i) => NEG[i].map((n) => [p, n]));

/** LCWA pairs, enumerated by hand from S and Y: row 0 has positive 2 vs negatives -1, 0.5; row 1 positives 1.5, -2 vs negative -0.3. */
const LCWA_PAIRS = [
  [2, -1],
  [2, 0.5],
  [1.5, -0.3],
  [-2, -0.3],
];

describe.each(cases)('pairwise $name $kwargs', ({ name, kwargs, h, dh }) => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`sLCWA, ${reduction}`, () => {
      const loss = resolveLoss(name, { ...kwargs, reduction });
      expect(loss.family).toBe('pairwise');
      const got = value(() => {
        const { pos, neg } = slcwa();
        return loss.forwardSlcwa(pos, neg);
      });
      expectClose(got, reduce(slcwaPairs().map(([p, n]) => h(n - p)), reduction));
    });

    it(`LCWA pairs every positive with every negative of its row, ${reduction}`, () => {
      const loss = resolveLoss(name, { ...kwargs, reduction });
      const got = value(() => {
        const { scores, labels } = lcwa();
        return loss.forward(scores, labels);
      });
      expectClose(got, reduce(LCWA_PAIRS.map(([p, n]) => h(n - p)), reduction));
    });
  }

  it('LCWA gradient reaches each score once per pair it is in', () => {
    const loss = resolveLoss(name, kwargs);
    const grad = tf.tidy(() => {
      const labels = tf.tensor2d(Y);
      return Array.from(tf.grad((s: tf.Tensor) => loss.forward(s as tf.Tensor2D, labels))(tf.tensor2d(S)).dataSync());
    });
    // by hand: d/d s_pos = -h'(d)/P, d/d s_neg = +h'(d)/P over the P = 4 pairs
    const e = [0, 0, 0, 0, 0, 0];
    const at = { '2': 0, '-1': 1, '0.5': 2, '-0.3': 3, '1.5': 4, '-2': 5 } as Record<string, number>;
    for (const [p, n] of LCWA_PAIRS) {
      e[at[String(p)]] -= dh(n - p) / 4;
      e[at[String(n)]] += dh(n - p) / 4;
    }
    expectAllClose(grad, e);
  });
});

describe('pairwise details', () => {
  it('builds the flat pair indices row by row', () => {
    const { pos, neg } = lcwaPairs([1, 0, 0, 0, 1, 1, 0, 0, 0], 3, 3);
    expect(Array.from(pos)).toEqual([0, 0, 4, 5]);
    expect(Array.from(neg)).toEqual([1, 2, 3, 3]);
  });

  it('gatherFlat gathers, and its gradient adds up repeated indices', () => {
    const [v, g] = tf.tidy(() => {
      const x = tf.tensor1d([10, 20, 30, 40]);
      const idx = new Int32Array([0, 2, 2, 1, 2]);
      const w = tf.tensor1d([1, 2, 3, 4, 5]);
      const out = Array.from(gatherFlat(x, idx).dataSync());
      const grad = Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherFlat(t as tf.Tensor1D, idx), w)))(x).dataSync());
      return [out, grad];
    });
    expect(v).toEqual([10, 30, 30, 20, 30]);
    expect(g).toEqual([1, 4, 2 + 3 + 5, 0]);
  });

  it('a batch without any positive/negative pair gives 0 and a zero gradient', () => {
    const loss = resolveLoss('marginranking');
    const labels = tf.tensor2d([[0, 0], [1, 1]]);
    expect(value(() => loss.forward(tf.tensor2d([[1, 2], [3, 4]]), labels))).toBe(0);
    const g = tf.tidy(() => Array.from(tf.grad((s: tf.Tensor) => loss.forward(s as tf.Tensor2D, labels))(tf.tensor2d([[1, 2], [3, 4]])).dataSync()));
    expect(g).toEqual([0, 0, 0, 0]);
  });

  it('margin ranking with softplus activation equals soft margin ranking; margin 0 equals pairwise logistic', () => {
    const a = new MarginRankingLoss({ margin: 0, margin_activation: 'softplus' });
    const b = new SoftMarginRankingLoss({ margin: 0 });
    const c = new PairwiseLogisticLoss();
    const [va, vb, vc] = [a, b, c].map((l) => value(() => l.forwardSlcwa(tf.tensor1d(POS), tf.tensor2d(NEG))));
    expectClose(va, vc);
    expectClose(vb, vc);
    expect(c.margin).toBe(0);
  });

  it('does not accept label smoothing (PyKEEN raises too)', () => {
    expect(() => resolveLoss('marginranking', { label_smoothing: 0.1 })).toThrow(/unknown argument 'label_smoothing'/);
    expect(() => resolveLoss('pairwiselogistic', { margin: 1 })).toThrow(ConfigError);
  });

  it('rejects an unknown margin activation, naming it', () => {
    expect(() => resolveLoss('marginranking', { margin_activation: 'tanh' })).toThrow(/margin_activation.*tanh/);
  });
});
