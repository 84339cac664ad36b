import { describe, expect, it } from 'vitest';
import {
  expectedHitsAt,
  expectedMeanRank,
  expectedMrr,
  getMetric,
  harmonic,
  harmonic2,
  largerIsBetter,
  metricKeys,
  rankMetrics,
  resolveMetricPath,
  summarizeRanks,
  varianceHitsAt,
  varianceMeanRank,
  varianceMrr,
} from '../../src/evaluation/metrics.js';
import { definitionMetrics } from './brute-force.js';

function expectClose(actual: Record<string, number>, expected: Record<string, number>, tol = 1e-9) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) {
    expect(Math.abs(actual[k]! - v), `${k}: ${actual[k]} vs ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v)));
  }
}

describe('rankMetrics', () => {
  it('matches hand-computed values on a small list', () => {
    // Ranks 1, 2, 4, 8 with 10 candidates each.
    const m = rankMetrics([1, 2, 4, 8], [10, 10, 10, 10], [1, 3]);
    expect(m.count).toBe(4);
    expect(m.mean_rank).toBeCloseTo(15 / 4, 12);
    expect(m.mrr).toBeCloseTo((1 + 0.5 + 0.25 + 0.125) / 4, 12);
    expect(m.median_rank).toBeCloseTo(3, 12);
    expect(m.geometric_mean_rank).toBeCloseTo(Math.pow(64, 1 / 4), 12);
    expect(m.harmonic_mean_rank).toBeCloseTo(4 / 1.875, 12);
    expect(m.hits_at_1).toBe(0.25);
    expect(m.hits_at_3).toBe(0.5);
    // E[MR] = 5.5; AMR = 3.75 / 5.5; AMRI = 1 - 2.75 / 4.5.
    expect(m.adjusted_mean_rank).toBeCloseTo(3.75 / 5.5, 12);
    expect(m.adjusted_mean_rank_index).toBeCloseTo(1 - 2.75 / 4.5, 12);
    // E[hits@3] = 0.3 -> (0.5 - 0.3) / 0.7; Var = 4 * 0.21 / 16.
    expect(m.adjusted_hits_at_3).toBeCloseTo(0.2 / 0.7, 12);
    expect(m.z_hits_at_3).toBeCloseTo(0.2 / Math.sqrt(0.21 / 4), 12);
    // Var[MR] = 4 * (99 / 12) / 16; z is (E - MR) / sd so that better-than-random is positive.
    expect(m.z_mean_rank).toBeCloseTo((5.5 - 3.75) / Math.sqrt(99 / 48), 12);
  });

  it('agrees with the definitions (uniform-rank enumeration) to 1e-9 for mixed candidate counts', () => {
    const ranks = [1, 1.5, 3, 7, 2, 11, 4.5, 1];
    const cands = [5, 3, 12, 20, 2, 40, 6, 17];
    expectClose(rankMetrics(ranks, cands, [1, 2, 3]), definitionMetrics(ranks, cands, [1, 2, 3]));
  });

  it('gives one key per k, sorted and de-duplicated, in the documented order', () => {
    const m = rankMetrics([1, 2], [20, 20], [10, 1, 10]);
    expect(Object.keys(m)).toEqual(metricKeys([1, 10]));
    expect(Object.keys(m).filter((k) => k.startsWith('hits_at_'))).toEqual(['hits_at_1', 'hits_at_10']);
    expect(() => rankMetrics([1], [2], [0])).toThrow(/positive integer/);
    expect(() => rankMetrics([1], [2], [1.5])).toThrow(/positive integer/);
  });

  it('reports NaN for every value but count when there are no ranks', () => {
    const m = rankMetrics([], []);
    expect(m.count).toBe(0);
    expect(Number.isNaN(m.mrr)).toBe(true);
    expect(Object.keys(m)).toEqual(metricKeys());
  });

  it('rejects ranks outside [1, N]', () => {
    expect(() => rankMetrics([0], [3])).toThrow(/outside/);
    expect(() => rankMetrics([4], [3])).toThrow(/outside/);
  });

  it('uses 0 for chance adjustments that are undefined (every query has one candidate)', () => {
    const m = rankMetrics([1, 1], [1, 1], [1]);
    expect(m.adjusted_mean_rank).toBe(1);
    expect(m.adjusted_mean_rank_index).toBe(0);
    expect(m.adjusted_mrr).toBe(0);
    expect(m.z_mrr).toBe(0);
    expect(m.z_hits_at_1).toBe(0);
  });
});

describe('expectations under random ranking', () => {
  it('closed forms equal enumeration', () => {
    const cands = [1, 2, 7, 30];
    const enumerate = (g: (r: number) => number) => {
      let e = 0;
      let v = 0;
      for (const N of cands) {
        const xs = Array.from({ length: N }, (_, i) => g(i + 1));
        const m = xs.reduce((a, b) => a + b, 0) / N;
        e += m;
        v += xs.reduce((a, x) => a + (x - m) ** 2, 0) / N;
      }
      return [e / cands.length, v / cands.length ** 2];
    };
    const [emr, vmr] = enumerate((r) => r);
    const [errr, vrr] = enumerate((r) => 1 / r);
    const [eh, vh] = enumerate((r) => (r <= 5 ? 1 : 0));
    expect(expectedMeanRank(cands)).toBeCloseTo(emr!, 12);
    expect(varianceMeanRank(cands)).toBeCloseTo(vmr!, 12);
    expect(expectedMrr(cands)).toBeCloseTo(errr!, 12);
    expect(varianceMrr(cands)).toBeCloseTo(vrr!, 12);
    expect(expectedHitsAt(5, cands)).toBeCloseTo(eh!, 12);
    expect(varianceHitsAt(5, cands)).toBeCloseTo(vh!, 12);
  });

  it('harmonic numbers', () => {
    expect(harmonic(1)).toBe(1);
    expect(harmonic(4)).toBeCloseTo(25 / 12, 14);
    expect(harmonic2(3)).toBeCloseTo(1 + 1 / 4 + 1 / 9, 14);
    // Growing the cache keeps earlier values.
    expect(harmonic(5000)).toBeCloseTo(Math.log(5000) + 0.5772156649015329 + 1 / 10000, 7);
    expect(harmonic(4)).toBeCloseTo(25 / 12, 14);
  });

  it('constant-score model: realistic MRR 2/(N+1) is not the expected MRR H(N)/N', () => {
    // Every query ties all N candidates: realistic rank (N+1)/2.
    const N = 10;
    const m = rankMetrics([(N + 1) / 2], [N]);
    expect(m.mrr).toBeCloseTo(2 / 11, 14); // 0.1818...
    expect(expectedMrr([N])).toBeCloseTo(7381 / 25200, 14); // H(10)/10 = 0.2929...
    expect(m.adjusted_mean_rank).toBeCloseTo(1, 14);
    expect(m.adjusted_mean_rank_index).toBeCloseTo(0, 14);
    expect(m.adjusted_mrr).toBeLessThan(0); // a constant model is worse than random by MRR
  });
});

describe('summarizeRanks / getMetric', () => {
  const side = (ranks: number[], n: number) => ({
    optimistic: Float64Array.from(ranks),
    pessimistic: Float64Array.from(ranks.map((r) => r + 1)),
    realistic: Float64Array.from(ranks.map((r) => r + 0.5)),
    numCandidates: Int32Array.from(ranks.map(() => n)),
  });

  it('pools head and tail queries into both', () => {
    const m = summarizeRanks({ head: side([1, 3], 10), tail: side([2], 10) }, [1]);
    expect(m.head!.optimistic.mean_rank).toBe(2);
    expect(m.tail!.pessimistic.mean_rank).toBe(3);
    expect(m.both.optimistic.count).toBe(3);
    expect(m.both.optimistic.mean_rank).toBe(2);
    expect(m.both.realistic.mrr).toBeCloseTo((1 / 1.5 + 1 / 3.5 + 1 / 2.5) / 3, 14);
    const onlyTail = summarizeRanks({ tail: side([2], 10) });
    expect(onlyTail.head).toBeUndefined();
    expect(onlyTail.both.realistic.mean_rank).toBe(2.5);
  });

  it('reads dotted paths, bare keys and hits@k, and names what is missing', () => {
    const m = summarizeRanks({ head: side([1, 3], 10), tail: side([2], 10) }, [1, 10]);
    expect(getMetric(m, 'both.realistic.mrr')).toBe(m.both.realistic.mrr);
    expect(getMetric({ metrics: m }, 'head.optimistic.mean_rank')).toBe(2);
    expect(getMetric(m, 'mrr')).toBe(m.both.realistic.mrr);
    expect(getMetric(m, 'hits@10')).toBe(m.both.realistic.hits_at_10);
    expect(resolveMetricPath('hits@3')).toBe('both.realistic.hits_at_3');
    expect(() => getMetric(m, 'both.realistic.hits_at_5')).toThrow(/hits_at_5.*available: count/);
    expect(() => getMetric(m, 'both.bogus.mrr')).toThrow(/'bogus' not found under both/);
  });

  it('knows which metrics are better when smaller', () => {
    expect(largerIsBetter('both.realistic.mrr')).toBe(true);
    expect(largerIsBetter('both.realistic.mean_rank')).toBe(false);
    expect(largerIsBetter('both.realistic.adjusted_mean_rank')).toBe(false);
    expect(largerIsBetter('both.realistic.adjusted_mean_rank_index')).toBe(true);
    expect(largerIsBetter('both.realistic.z_mean_rank')).toBe(true);
  });
});
