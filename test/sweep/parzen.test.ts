import { describe, expect, it } from 'vitest';
import { buildMixture, forgettingWeights, logMass, logPdf, normCdf, normPpf, sampleMixture } from '../../src/sweep/strategies/parzen.js';
import { createRng } from '../../src/util/random.js';

function integrate(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = 0.5 * (f(a) + f(b));
  for (let i = 1; i < n; i++) s += f(a + i * h);
  return s * h;
}

describe('Parzen estimator', () => {
  it('normal CDF and its inverse match tabulated values', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1)).toBeCloseTo(0.8413447461, 6);
    expect(normCdf(-2)).toBeCloseTo(0.0227501319, 7);
    expect(normCdf(-6) / 9.865876450377e-10).toBeCloseTo(1, 5);
    for (const z of [-5, -2.5, -0.3, 0, 0.7, 3, 4.5]) expect(normPpf(normCdf(z))).toBeCloseTo(z, 5);
  });

  it('sets bandwidths from neighbour gaps, clipped to [width/min(100, n+1), width]', () => {
    const m = buildMixture([0.1, 0.3], 0, 1, 1);
    // Sorted kernels: 0.1, 0.3, prior at 0.5. Gaps are 0.2, below the floor 1/(1+3) = 0.25.
    expect(m.mus).toEqual([0.1, 0.3, 0.5]);
    expect(m.sigmas).toEqual([0.25, 0.25, 1]);
    expect(m.weights.map((w) => w * 3)).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 12)));
    const wide = buildMixture([0.05, 0.95, 0.9, 0.1, 0.5, 0.52, 0.48, 0.2, 0.8], 0, 1, 1);
    // With 10 kernels the floor is 1/11; kernel 0.05 has gap 0.05 to 0.1.
    expect(wide.sigmas[wide.mus.indexOf(0.05)]).toBeCloseTo(1 / 11, 12);
  });

  it('the truncated density integrates to 1 and bin masses match the integral', () => {
    const m = buildMixture([-1.5, 0.2, 0.25, 1.9], -2, 2, 1);
    const pdf = (x: number) => Math.exp(logPdf(m, x));
    expect(integrate(pdf, -2, 2)).toBeCloseTo(1, 4);
    expect(Math.exp(logMass(m, -0.5, 0.5))).toBeCloseTo(integrate(pdf, -0.5, 0.5), 5);
    expect(logPdf(m, 2.1)).toBe(-Infinity);
  });

  it('samples stay in range and follow the density', () => {
    const m = buildMixture([0.02, 0.05, 0.9], 0, 1, 0.5);
    const rng = createRng(11);
    const n = 20000;
    let inLow = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleMixture(m, rng);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      if (x < 0.2) inLow++;
    }
    expect(inLow / n).toBeCloseTo(Math.exp(logMass(m, 0, 0.2)), 1);
  });

  it('linear forgetting ramps the oldest weights beyond 25 observations', () => {
    expect(forgettingWeights(3)).toEqual([1, 1, 1]);
    const w = forgettingWeights(27);
    expect(w.slice(0, 2)).toEqual([1 / 27, 1]);
    expect(w.slice(2).every((x) => x === 1)).toBe(true);
  });
});
