import { describe, expect, it } from 'vitest';
import { InfoNCELoss, resolveLoss, stopGradient } from '../../src/losses/index.js';
import {
  NEG, POS, S, Y, bce, expectAllClose, expectClose, lcwa, reduce, sigmoid, slcwa, softmax, sum, tf, value,
} from './helpers.js';

const ln = Math.log;

/** -sum_j t_j log softmax(x)_j */
const xent = (x: number[], t: number[]) => {
  const p = softmax(x);
  return -sum(t.map((tj, j) => tj * ln(p[j])));
};

function run(name: string, kwargs: Record<string, unknown>, entry: 'lcwa' | 'slcwa', context?: { numEntities?: number }): number {
  const loss = resolveLoss(name, kwargs, context);
  expect(loss.family).toBe('setwise');
  return value(() => {
    if (entry === 'lcwa') {
      const { scores, labels } = lcwa();
      return loss.forward(scores, labels);
    }
    const { pos, neg } = slcwa();
    return loss.forwardSlcwa(pos, neg);
  });
}

describe('crossentropy', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`LCWA: labels normalized per row, ${reduction}`, () => {
      const rows = [xent(S[0], [1, 0, 0]), xent(S[1], [0, 0.5, 0.5])];
      expectClose(run('crossentropy', { reduction }, 'lcwa'), reduce(rows, reduction));
    });

    it(`LCWA with label smoothing (t' = (1 - eps) t + eps / N), ${reduction}`, () => {
      const e = 0.3;
      const rows = [xent(S[0], [1 - e + e / 3, e / 3, e / 3]), xent(S[1], [e / 3, 0.5 * (1 - e) + e / 3, 0.5 * (1 - e) + e / 3])];
      expectClose(run('crossentropy', { reduction, label_smoothing: e }, 'lcwa'), reduce(rows, reduction));
    });

    it(`sLCWA: the positive is class 0 among itself and its negatives, ${reduction}`, () => {
      const rows = POS.map((p, i) => -ln(softmax([p, ...NEG[i]])[0]));
      expectClose(run('crossentropy', { reduction }, 'slcwa'), reduce(rows, reduction));
    });

    it(`sLCWA with label smoothing (C = k + 1), ${reduction}`, () => {
      const e = 0.2;
      const t = [1 - e + e / 4, e / 4, e / 4, e / 4];
      const rows = POS.map((p, i) => xent([p, ...NEG[i]], t));
      expectClose(run('crossentropy', { reduction, label_smoothing: e }, 'slcwa'), reduce(rows, reduction));
    });
  }
});

describe('infonce', () => {
  const tau = 0.05;
  const m = 0.02;
  it('defaults: margin 0.02, temperature 0.05', () => {
    const loss = resolveLoss('infonce') as InfoNCELoss;
    expect(loss.margin).toBe(0.02);
    expectClose(loss.temperature, 0.05, 1e-12);
  });

  for (const reduction of ['mean', 'sum'] as const) {
    it(`LCWA: cross entropy of (s - margin [positive]) / tau, ${reduction}`, () => {
      const x = S.map((row, i) => row.map((s, j) => (s - (Y[i][j] > 0.5 ? m : 0)) / tau));
      const rows = [xent(x[0], [1, 0, 0]), xent(x[1], [0, 0.5, 0.5])];
      expectClose(run('infonce', { reduction }, 'lcwa'), reduce(rows, reduction));
    });

    it(`sLCWA, custom margin and temperature, ${reduction}`, () => {
      const t2 = 2;
      const rows = POS.map((p, i) => -ln(softmax([(p - 0.5) / t2, ...NEG[i].map((n) => n / t2)])[0]));
      expectClose(run('infonce', { reduction, margin: 0.5, log_adversarial_temperature: ln(t2) }, 'slcwa'), reduce(rows, reduction));
    });
  }
});

/** Self-adversarial references: f (R pos + R_rows sum_j w_j neg), f = 1/2 for mean. */
function adversarialSlcwa(pos: (s: number) => number, neg: (s: number) => number, alpha: number, r: 'mean' | 'sum'): number {
  const posTerms = POS.map(pos);
  const negRows = NEG.map((row) => {
    const w = softmax(row.map((n) => alpha * n));
    return sum(row.map((n, j) => w[j] * neg(n)));
  });
  return (r === 'mean' ? 0.5 : 1) * (reduce(posTerms, r) + reduce(negRows, r));
}

function adversarialLcwa(pos: (s: number) => number, neg: (s: number) => number, alpha: number, r: 'mean' | 'sum'): number {
  const posTerms: number[] = [];
  const negRows: number[] = [];
  S.forEach((row, i) => {
    const negs = row.filter((_, j) => Y[i][j] === 0);
    row.forEach((s, j) => Y[i][j] === 1 && posTerms.push(pos(s)));
    const w = softmax(negs.map((n) => alpha * n));
    negRows.push(sum(negs.map((n, j) => w[j] * neg(n))));
  });
  expect(posTerms.length).toBe(3);
  return (r === 'mean' ? 0.5 : 1) * (reduce(posTerms, r) + reduce(negRows, r));
}

describe('nssa', () => {
  const nssaPos = (m: number) => (s: number) => -ln(sigmoid(m + s));
  const nssaNeg = (m: number) => (s: number) => -ln(sigmoid(-s - m));

  for (const reduction of ['mean', 'sum'] as const) {
    it(`sLCWA with defaults (margin 9, temperature 1), ${reduction}`, () => {
      expectClose(run('nssa', { reduction }, 'slcwa'), adversarialSlcwa(nssaPos(9), nssaNeg(9), 1, reduction));
    });
    it(`sLCWA margin 1, temperature 0.5, ${reduction}`, () => {
      const got = run('nssa', { reduction, margin: 1, adversarial_temperature: 0.5 }, 'slcwa');
      expectClose(got, adversarialSlcwa(nssaPos(1), nssaNeg(1), 0.5, reduction));
    });
    it(`LCWA: positives are the label-1 entries, the softmax runs over the negatives of a row, ${reduction}`, () => {
      const got = run('nssa', { reduction, margin: 1, adversarial_temperature: 2 }, 'lcwa');
      expectClose(got, adversarialLcwa(nssaPos(1), nssaNeg(1), 2, reduction));
    });
  }

  it('no gradient flows through the adversarial weights (sLCWA)', () => {
    const m = 1;
    const a = 0.7;
    const loss = resolveLoss('nssa', { margin: m, adversarial_temperature: a });
    const [gPos, gNeg] = tf.tidy(() => {
      const g = tf.grads((p: tf.Tensor, n: tf.Tensor) => loss.forwardSlcwa(p as tf.Tensor1D, n as tf.Tensor2D))([
        tf.tensor1d(POS),
        tf.tensor2d(NEG),
      ]);
      return g.map((t) => Array.from(t.dataSync()));
    });
    // Analytic gradient with the weights held fixed: d/dp = -0.5/B sigmoid(-(m + p)), d/dn_ij = 0.5/B w_ij sigmoid(n_ij + m).
    const B = POS.length;
    expectAllClose(gPos, POS.map((p) => (-0.5 / B) * sigmoid(-(m + p))));
    const expectedNeg = NEG.flatMap((row) => {
      const w = softmax(row.map((n) => a * n));
      return row.map((n, j) => (0.5 / B) * w[j] * sigmoid(n + m));
    });
    expectAllClose(gNeg, expectedNeg);

    // The full derivative (weights differentiated too) is measurably different, so this test can fail.
    const negativePart = (negs: number[][]) =>
      0.5 * reduce(negs.map((row) => {
        const w = softmax(row.map((n) => a * n));
        return sum(row.map((n, j) => w[j] * nssaNeg(m)(n)));
      }), 'mean');
    const h = 1e-6;
    const bumped = NEG.map((r) => r.slice());
    bumped[0][2] += h;
    const fullDeriv = (negativePart(bumped) - negativePart(NEG)) / h;
    expect(Math.abs(fullDeriv - expectedNeg[2])).toBeGreaterThan(1e-3);
  });

  it('no gradient flows through the adversarial weights (LCWA)', () => {
    const m = 1;
    const a = 2;
    const loss = resolveLoss('nssa', { margin: m, adversarial_temperature: a });
    const g = tf.tidy(() => {
      const labels = tf.tensor2d(Y);
      return Array.from(tf.grad((s: tf.Tensor) => loss.forward(s as tf.Tensor2D, labels))(tf.tensor2d(S)).dataSync());
    });
    const expected: number[] = [];
    S.forEach((row, i) => {
      const negIdx = row.map((_, j) => j).filter((j) => Y[i][j] === 0);
      const w = softmax(negIdx.map((j) => a * row[j]));
      row.forEach((s, j) => {
        if (Y[i][j] === 1) expected.push((-0.5 / 3) * sigmoid(-(m + s)));
        else expected.push((0.5 / 2) * w[negIdx.indexOf(j)] * sigmoid(s + m));
      });
    });
    expectAllClose(g, expected);
  });

  it('stopGradient is the identity forward and zero backward', () => {
    const [v, g] = tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3]);
      const out = Array.from(stopGradient(x).dataSync());
      // d/dx [x * stop(x)] = stop(x) = x, not 2x
      const grad = Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, stopGradient(t))))(x).dataSync());
      return [out, grad];
    });
    expect(v).toEqual([1, -2, 3]);
    expect(g).toEqual([1, -2, 3]);
  });

  it('does not accept label smoothing', () => {
    expect(() => resolveLoss('nssa', { label_smoothing: 0.1 })).toThrow(/unknown argument 'label_smoothing'/);
  });
});

describe('adversarialbce', () => {
  const pos = (y: number) => (s: number) => bce(s, y);
  for (const reduction of ['mean', 'sum'] as const) {
    it(`sLCWA, ${reduction}`, () => {
      expectClose(run('adversarialbce', { reduction }, 'slcwa'), adversarialSlcwa(pos(1), pos(0), 1, reduction));
      expectClose(
        run('adversarialbce', { reduction, adversarial_temperature: 0.5 }, 'slcwa'),
        adversarialSlcwa(pos(1), pos(0), 0.5, reduction),
      );
    });
    it(`LCWA, ${reduction}`, () => {
      expectClose(run('adversarialbce', { reduction }, 'lcwa'), adversarialLcwa(pos(1), pos(0), 1, reduction));
    });
    it(`LCWA with label smoothing (targets 1 - eps and eps / (C - 1)), ${reduction}`, () => {
      const e = 0.1;
      expectClose(
        run('adversarialbce', { reduction, label_smoothing: e }, 'lcwa'),
        adversarialLcwa(pos(1 - e), pos(e / 2), 1, reduction),
      );
      expectClose(
        run('adversarialbce', { reduction, label_smoothing: e }, 'lcwa', { numEntities: 6 }),
        adversarialLcwa(pos(1 - e), pos(e / 5), 1, reduction),
      );
    });
  }

  it('label smoothing in sLCWA is a ConfigError (PyKEEN raises too)', () => {
    expect(() => run('adversarialbce', { label_smoothing: 0.1 }, 'slcwa')).toThrow(/LCWA only/);
  });

  it('a row of positives only contributes no negative term', () => {
    const loss = resolveLoss('adversarialbce', { reduction: 'sum' });
    const got = value(() => loss.forward(tf.tensor2d([[1, 2], [0.5, -1]]), tf.tensor2d([[1, 1], [1, 0]])));
    const expected = bce(1, 1) + bce(2, 1) + bce(0.5, 1) + bce(-1, 0);
    expectClose(got, expected);
  });
});
