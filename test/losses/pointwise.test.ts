import { describe, expect, it } from 'vitest';
import { resolveLoss } from '../../src/losses/index.js';
import { ConfigError } from '../../src/errors.js';
import {
  NEG, POS, S, Y, bce, expectClose, lcwa, reduce, relu, sigmoid, slcwa, softplus, tf, value,
} from './helpers.js';

type Ref = (s: number, y: number) => number;

/** Per-element definitions, written from PyKEEN's formulas; y may be a smoothed label. */
const cases: { name: string; kwargs: Record<string, unknown>; ref: Ref }[] = [
  { name: 'bcewithlogits', kwargs: {}, ref: bce },
  {
    name: 'bcewithlogits',
    kwargs: { pos_weight: 3 },
    ref: (s, y) => -(3 * y * Math.log(sigmoid(s)) + (1 - y) * Math.log(1 - sigmoid(s))),
  },
  { name: 'bceaftersigmoid', kwargs: {}, ref: bce },
  { name: 'mse', kwargs: {}, ref: (s, y) => (s - y) ** 2 },
  { name: 'softplus', kwargs: {}, ref: (s, y) => Math.log(1 + Math.exp(-(2 * y - 1) * s)) },
  { name: 'pointwisehinge', kwargs: {}, ref: (s, y) => Math.max(0, 1 - (2 * y - 1) * s) },
  { name: 'pointwisehinge', kwargs: { margin: 0.5 }, ref: (s, y) => Math.max(0, 0.5 - (2 * y - 1) * s) },
  { name: 'softpointwisehinge', kwargs: {}, ref: (s, y) => Math.log(1 + Math.exp(1 - (2 * y - 1) * s)) },
  { name: 'softpointwisehinge', kwargs: { margin: 2 }, ref: (s, y) => Math.log(1 + Math.exp(2 - (2 * y - 1) * s)) },
  {
    name: 'focal',
    kwargs: {},
    ref: (s, y) => {
      const p = sigmoid(s);
      const pt = y * p + (1 - y) * (1 - p);
      return bce(s, y) * (1 - pt) ** 2;
    },
  },
  {
    name: 'focal',
    kwargs: { gamma: 1.5, alpha: 0.25 },
    ref: (s, y) => {
      const p = sigmoid(s);
      const pt = y * p + (1 - y) * (1 - p);
      return (0.25 * y + 0.75 * (1 - y)) * bce(s, y) * (1 - pt) ** 1.5;
    },
  },
  {
    // doublemargin in LCWA is elementwise: b y g(pm - s) + (1 - b)(1 - y) g(nm + s)
    name: 'doublemargin',
    kwargs: { positive_margin: 0.5, negative_margin: -0.5, positive_negative_balance: 0.3 },
    ref: (s, y) => 0.3 * y * relu(0.5 - s) + 0.7 * (1 - y) * relu(-0.5 + s),
  },
  {
    name: 'doublemargin',
    kwargs: { margin_activation: 'softplus' },
    ref: (s, y) => 0.5 * y * softplus(1 - s) + 0.5 * (1 - y) * softplus(s),
  },
];

const smooth = (y: number, eps: number, C: number) => y * (1 - eps) + (1 - y) * (eps / (C - 1));

function lcwaRef(ref: Ref, r: 'mean' | 'sum', eps = 0, C = 3): number {
  const terms: number[] = [];
  S.forEach((row, i) => row.forEach((s, j) => terms.push(ref(s, smooth(Y[i][j], eps, C)))));
  return reduce(terms, r);
}

/** PyKEEN: positives labelled 1, negatives 0, one reduction over all B + B*k elements. */
function slcwaRef(ref: Ref, r: 'mean' | 'sum', eps = 0, C = 2): number {
  const terms = [...POS.map((s) => ref(s, smooth(1, eps, C))), ...NEG.flat().map((s) => ref(s, smooth(0, eps, C)))];
  expect(terms.length).toBe(8);
  return reduce(terms, r);
}

describe.each(cases)('pointwise $name $kwargs', ({ name, kwargs, ref }) => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`LCWA, ${reduction}`, () => {
      const loss = resolveLoss(name, { ...kwargs, reduction });
      expect(loss.family).toBe('pointwise');
      const got = value(() => {
        const { scores, labels } = lcwa();
        return loss.forward(scores, labels);
      });
      expectClose(got, lcwaRef(ref, reduction));
    });

    it(`LCWA with label smoothing, ${reduction}`, () => {
      // num_classes defaults to the row width N = 3 ...
      const loss = resolveLoss(name, { ...kwargs, reduction, label_smoothing: 0.2 });
      const got = value(() => {
        const { scores, labels } = lcwa();
        return loss.forward(scores, labels);
      });
      expectClose(got, lcwaRef(ref, reduction, 0.2, 3));
      // ... and is the entity count when the loss knows it.
      const known = resolveLoss(name, { ...kwargs, reduction, label_smoothing: 0.2 }, { numEntities: 11 });
      const got11 = value(() => {
        const { scores, labels } = lcwa();
        return known.forward(scores, labels);
      });
      expectClose(got11, lcwaRef(ref, reduction, 0.2, 11));
    });

    if (name === 'doublemargin') continue; // own sLCWA rule, tested below

    it(`sLCWA, ${reduction}`, () => {
      const loss = resolveLoss(name, { ...kwargs, reduction });
      const got = value(() => {
        const { pos, neg } = slcwa();
        return loss.forwardSlcwa(pos, neg);
      });
      expectClose(got, slcwaRef(ref, reduction));
    });

    it(`sLCWA with label smoothing (num_classes = numEntities), ${reduction}`, () => {
      const loss = resolveLoss(name, { ...kwargs, reduction, label_smoothing: 0.1 }, { numEntities: 10 });
      const got = value(() => {
        const { pos, neg } = slcwa();
        return loss.forwardSlcwa(pos, neg);
      });
      expectClose(got, slcwaRef(ref, reduction, 0.1, 10));
    });
  }
});

describe('pointwise sLCWA details', () => {
  it('label smoothing in sLCWA without the entity count is a ConfigError', () => {
    const loss = resolveLoss('bcewithlogits', { label_smoothing: 0.1 });
    expect(() => value(() => loss.forwardSlcwa(tf.tensor1d(POS), tf.tensor2d(NEG)))).toThrow(/numEntities/);
  });

  it('the sLCWA mean counts B + B*k elements (not B*k pairs)', () => {
    const loss = resolveLoss('mse');
    const got = value(() => loss.forwardSlcwa(tf.tensor1d([1, 3]), tf.tensor2d([[0, 2, 0], [0, 0, 1]])));
    // (1-1)^2 + (3-1)^2 + 2^2 + 1^2 = 9 over 8 elements
    expectClose(got, 9 / 8);
  });

  it('rejects misshapen inputs', () => {
    const loss = resolveLoss('mse');
    expect(() => value(() => loss.forwardSlcwa(tf.tensor1d([1, 2, 3]), tf.tensor2d(NEG)))).toThrow(/posScores \[B\]/);
    expect(() => value(() => loss.forward(tf.tensor2d(S), tf.tensor2d([[1, 0], [0, 1]])))).toThrow(/same shape/);
  });
});

describe('doublemargin', () => {
  const kw = { positive_margin: 0.5, negative_margin: -0.5, positive_negative_balance: 0.3 };

  it('sLCWA mean = b mean_i g(pm - p_i) + (1 - b) mean_ij g(nm + n_ij) (PyKEEN)', () => {
    const loss = resolveLoss('doublemargin', kw);
    const got = value(() => {
      const { pos, neg } = slcwa();
      return loss.forwardSlcwa(pos, neg);
    });
    const posPart = POS.map((p) => relu(0.5 - p));
    const negPart = NEG.flat().map((n) => relu(-0.5 + n));
    expectClose(got, 0.3 * reduce(posPart, 'mean') + 0.7 * reduce(negPart, 'mean'));
  });

  it('sLCWA sum = k b sum_i g(pm - p_i) + (1 - b) sum_ij g(nm + n_ij)', () => {
    const loss = resolveLoss('doublemargin', { ...kw, reduction: 'sum' });
    const got = value(() => {
      const { pos, neg } = slcwa();
      return loss.forwardSlcwa(pos, neg);
    });
    const posPart = POS.map((p) => relu(0.5 - p));
    const negPart = NEG.flat().map((n) => relu(-0.5 + n));
    expectClose(got, 3 * 0.3 * reduce(posPart, 'sum') + 0.7 * reduce(negPart, 'sum'));
  });

  it('defaults to margins 1 / 0 and balance 0.5', () => {
    const loss = resolveLoss('doublemargin') as unknown as { positiveMargin: number; negativeMargin: number; positiveNegativeBalance: number };
    expect([loss.positiveMargin, loss.negativeMargin, loss.positiveNegativeBalance]).toEqual([1, 0, 0.5]);
  });

  it('resolves margins from an offset, and rejects ambiguous or inverted ones', () => {
    const a = resolveLoss('doublemargin', { positive_margin: 2, offset: 0.5 }) as unknown as { positiveMargin: number; negativeMargin: number };
    expect([a.positiveMargin, a.negativeMargin]).toEqual([2, 1.5]);
    const b = resolveLoss('doublemargin', { negative_margin: -1, offset: 1 }) as unknown as { positiveMargin: number; negativeMargin: number };
    expect([b.positiveMargin, b.negativeMargin]).toEqual([0, -1]);
    expect(() => resolveLoss('doublemargin', { positive_margin: 1, negative_margin: 0, offset: 1 })).toThrow(ConfigError);
    expect(() => resolveLoss('doublemargin', { offset: 1 })).toThrow(/offset=1/);
    expect(() => resolveLoss('doublemargin', { positive_margin: 0, negative_margin: 0.5 })).toThrow(/0\.5/);
    expect(() => resolveLoss('doublemargin', { offset: -2, positive_margin: 1 })).toThrow(/-2/);
    expect(() => resolveLoss('doublemargin', { positive_negative_balance: 1.5 })).toThrow(/1\.5/);
  });

  it('label smoothing is LCWA-only', () => {
    const loss = resolveLoss('doublemargin', { label_smoothing: 0.1 }, { numEntities: 5 });
    expect(() => value(() => loss.forwardSlcwa(tf.tensor1d(POS), tf.tensor2d(NEG)))).toThrow(/LCWA only/);
  });
});
