import { describe, expect, it } from 'vitest';
import { describeProtocol, evaluateRanking, filterSetsFor, isAllocationError } from '../../src/evaluation/rank-evaluator.js';
import { FilterIndex } from '../../src/evaluation/filter.js';
import { expectedMrr, harmonic } from '../../src/evaluation/metrics.js';
import { bruteForceAll, definitionMetrics, FunctionScorer, hashInt, knownSet, type BruteRank } from './brute-force.js';

const T = (...rows: [number, number, number][]) => Int32Array.from(rows.flat());
const quiet = { quiet: true } as const;

function closeAll(actual: Record<string, number>, expected: Record<string, number>, tol = 1e-9) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) {
    expect(Math.abs(actual[k]! - v), `${k}: ${actual[k]} vs ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v)));
  }
}

function toBrute(r: { optimistic: Float64Array; pessimistic: Float64Array; realistic: Float64Array; numCandidates: Int32Array }): BruteRank[] {
  return Array.from(r.optimistic, (o, i) => ({
    optimistic: o,
    pessimistic: r.pessimistic[i]!,
    realistic: r.realistic[i]!,
    numCandidates: r.numCandidates[i]!,
  }));
}

describe('evaluateRanking on a hand-made score table', () => {
  // 4 entities, 1 relation; S[h][t] = score of (h, 0, t).
  const S = [
    [0.2, 0.8, 0.8, 0.9],
    [0.0, 0.8, 0.1, 0.5],
    [0.4, 0.3, 0.9, 0.6],
    [0.7, 0.8, 0.1, 0.2],
  ];
  const scorer = new FunctionScorer(4, (h, _r, t) => S[h]![t]!);
  // (0, 0, ?) has three true tails: 1 and 2 (evaluated) and 3 (training).
  const test = T([0, 0, 1], [0, 0, 2]);
  const train = T([0, 0, 3]);

  it('filtered ranks', () => {
    const res = evaluateRanking(scorer, test, { ...quiet, filterTriples: [train], returnRanks: true, ks: [1, 2] });
    // Tail (0,0,?) true 1 (0.8): others 2, 3 filtered, only 0 (0.2) left -> rank 1 of 2 candidates.
    expect(toBrute(res.ranks!.tail!)).toEqual([
      { optimistic: 1, pessimistic: 1, realistic: 1, numCandidates: 2 },
      { optimistic: 1, pessimistic: 1, realistic: 1, numCandidates: 2 },
    ]);
    // Head (?,0,1): column [0.8, 0.8, 0.3, 0.8], true 0; no other known head -> ties with 1 and 3.
    // Head (?,0,2): column [0.8, 0.1, 0.9, 0.1], true 0; entity 2 scores higher.
    expect(toBrute(res.ranks!.head!)).toEqual([
      { optimistic: 1, pessimistic: 3, realistic: 2, numCandidates: 4 },
      { optimistic: 2, pessimistic: 2, realistic: 2, numCandidates: 4 },
    ]);
    expect(res.metrics.both.realistic.mrr).toBeCloseTo((1 + 1 + 0.5 + 0.5) / 4, 14);
    expect(res.metrics.both.optimistic.mrr).toBeCloseTo((1 + 1 + 1 + 0.5) / 4, 14);
    expect(res.metrics.head!.pessimistic.hits_at_2).toBe(0.5);
    expect(res.metrics.tail!.realistic.hits_at_1).toBe(1);
    expect(res.metrics.both.realistic.count).toBe(4);
    // Every metric from its definition over ranks [1, 1, 2, 2] with candidates [4, 4, 2, 2] (head first).
    closeAll(res.metrics.both.realistic, definitionMetrics([2, 2, 1, 1], [4, 4, 2, 2], [1, 2]));
  });

  it('raw ranks count every other entity', () => {
    const res = evaluateRanking(scorer, test, { ...quiet, filtered: false, returnRanks: true });
    // Tail true 1 (0.8): 3 greater, 2 ties -> 2 / 3.
    expect(toBrute(res.ranks!.tail!)[0]).toEqual({ optimistic: 2, pessimistic: 3, realistic: 2.5, numCandidates: 4 });
    expect(toBrute(res.ranks!.tail!)[1]).toEqual({ optimistic: 2, pessimistic: 3, realistic: 2.5, numCandidates: 4 });
    expect(res.protocol.filtered).toBe(false);
    expect(res.protocol.filter_sets).toEqual([]);
    expect(res.protocol.num_candidates.tail).toEqual({ min: 4, max: 4, mean: 4 });
  });

  it('single side, and the protocol record', () => {
    const res = evaluateRanking(scorer, test, {
      ...quiet,
      sides: ['tail'],
      filterTriples: [train],
      filterSetNames: ['training', 'testing'],
      split: 'testing',
    });
    expect(res.metrics.head).toBeUndefined();
    expect(res.metrics.both.realistic.count).toBe(2);
    expect(res.protocol).toEqual({
      evaluator: 'rank-based',
      split: 'testing',
      sides: ['tail'],
      filtered: true,
      filter_sets: ['training', 'testing'],
      rank_types: ['optimistic', 'realistic', 'pessimistic'],
      ks: [1, 3, 5, 10],
      candidates: 'all entities',
      num_entities: 4,
      num_triples: 2,
      num_queries: { head: 0, tail: 2, total: 2 },
      num_candidates: { tail: { min: 2, max: 2, mean: 2 } },
      inverse_relations: null,
      sampled: null,
    });
  });
});

describe('evaluateRanking against brute force (many ties, several true answers)', () => {
  const N = 13;
  const R = 3;
  const f = (h: number, r: number, t: number) => hashInt(4, h, r, t) * 0.25; // 4 levels -> many ties
  const scorer = new FunctionScorer(N, f);
  // Dense-ish random triples so that many (h, r) have several tails.
  const rows: [number, number, number][] = [];
  for (let i = 0; i < 90; i++) rows.push([hashInt(N, i, 1), hashInt(R, i, 2), hashInt(N, i, 3)]);
  const train = T(...rows.slice(0, 60));
  const valid = T(...rows.slice(60, 70));
  const test = T(...rows.slice(70));

  for (const filtered of [true, false]) {
    it(`${filtered ? 'filtered' : 'raw'}: ranks equal the sort-based reference for every batch size`, () => {
      const known = filtered ? knownSet([train, valid, test]) : null;
      const ref = bruteForceAll(f, test, N, known);
      for (const batchSize of [1, 3, 7, 100, undefined]) {
        const res = evaluateRanking(scorer, test, {
          ...quiet,
          filtered,
          filterTriples: [train, valid],
          batchSize,
          returnRanks: true,
          ks: [1, 3, 10],
        });
        expect(toBrute(res.ranks!.head!)).toEqual(ref.head);
        expect(toBrute(res.ranks!.tail!)).toEqual(ref.tail);
        for (const type of ['optimistic', 'realistic', 'pessimistic'] as const) {
          const both = [...ref.head, ...ref.tail];
          closeAll(
            res.metrics.both[type],
            definitionMetrics(both.map((x) => x[type]), both.map((x) => x.numCandidates), [1, 3, 10]),
          );
          closeAll(
            res.metrics.head![type],
            definitionMetrics(ref.head.map((x) => x[type]), ref.head.map((x) => x.numCandidates), [1, 3, 10]),
          );
        }
      }
      // Some query must actually have had other true answers filtered, or this test proves little.
      if (filtered) expect(ref.tail.some((x) => x.numCandidates < N)).toBe(true);
    });
  }

  it('a prebuilt filter index gives the same result', () => {
    const index = FilterIndex.build([train, valid, test], { numEntities: N });
    const a = evaluateRanking(scorer, test, { ...quiet, filterIndex: index });
    const b = evaluateRanking(scorer, test, { ...quiet, filterTriples: [train, valid] });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.protocol.filter_sets).toEqual(['prebuilt index']);
  });
});

describe('constant-score model', () => {
  it('optimistic 1, pessimistic N, realistic (N+1)/2; AMR 1, AMRI 0; realistic MRR 2/(N+1) vs random H(N)/N', () => {
    const N = 10;
    const scorer = new FunctionScorer(N, () => 0);
    const test = T([0, 0, 1], [2, 0, 3], [4, 1, 5]);
    const res = evaluateRanking(scorer, test, { ...quiet, filtered: false, returnRanks: true });
    for (const side of ['head', 'tail'] as const) {
      expect(Array.from(res.ranks![side]!.optimistic)).toEqual([1, 1, 1]);
      expect(Array.from(res.ranks![side]!.pessimistic)).toEqual([N, N, N]);
      expect(Array.from(res.ranks![side]!.realistic)).toEqual([5.5, 5.5, 5.5]);
    }
    const m = res.metrics.both.realistic;
    expect(m.adjusted_mean_rank).toBeCloseTo(1, 12);
    expect(m.adjusted_mean_rank_index).toBeCloseTo(0, 12);
    expect(m.z_mean_rank).toBeCloseTo(0, 12);
    expect(m.mrr).toBeCloseTo(2 / (N + 1), 12); // 0.1818...
    const randomMrr = expectedMrr([N, N, N, N, N, N]);
    expect(randomMrr).toBeCloseTo(harmonic(N) / N, 12); // 0.2929...
    expect(m.mrr).toBeLessThan(randomMrr);
    expect(res.metrics.both.optimistic.mrr).toBe(1);
    expect(res.metrics.both.pessimistic.mrr).toBeCloseTo(1 / N, 12);
  });
});

describe('inverse relations', () => {
  const N = 9;
  const R = 2;
  const fe = (e: number) => hashInt(5, e, 11) * 0.5;
  const gr = (r: number) => hashInt(3, r % R, 7);
  // Symmetric by construction: score(h, r, t) = score(t, r + R, h).
  const f = (h: number, r: number, t: number) => fe(h) + fe(t) + gr(r);
  const scorer = new FunctionScorer(N, f);
  const rows: [number, number, number][] = [];
  for (let i = 0; i < 40; i++) rows.push([hashInt(N, i, 4), hashInt(R, i, 5), hashInt(N, i, 6)]);
  const train = T(...rows.slice(0, 30));
  const test = T(...rows.slice(30));
  // The same training triples as the inverse-augmented set a model with inverses was trained on.
  const trainWithInverses = T(...rows.slice(0, 30), ...rows.slice(0, 30).map(([h, r, t]) => [t, r + R, h] as [number, number, number]));

  it('head prediction through (t, r_inv, ?) equals direct head prediction', () => {
    const direct = evaluateRanking(scorer, test, { ...quiet, filterTriples: [train], returnRanks: true });
    const inverse = evaluateRanking(scorer, test, {
      ...quiet,
      filterTriples: [trainWithInverses],
      inverse: { numBaseRelations: R },
      returnRanks: true,
    });
    expect(inverse.ranks).toEqual(direct.ranks);
    expect(inverse.metrics).toEqual(direct.metrics);
    expect(inverse.protocol.inverse_relations).toEqual({ num_base_relations: R });
    // And it really used scoreTails for heads.
    const ref = bruteForceAll(f, test, N, knownSet([train, test]));
    expect(toBrute(inverse.ranks!.head!)).toEqual(ref.head);
  });

  it('rejects evaluated triples with inverse relation ids', () => {
    expect(() => evaluateRanking(scorer, T([0, R, 1]), { ...quiet, inverse: { numBaseRelations: R } })).toThrow(/base relations/);
  });
});

describe('sampled evaluation', () => {
  const N = 30;
  const f = (h: number, r: number, t: number) => hashInt(6, h, r, t);
  const scorer = new FunctionScorer(N, f);
  const rows: [number, number, number][] = [];
  for (let i = 0; i < 40; i++) rows.push([hashInt(N, i, 7), 0, hashInt(N, i, 8)]);
  const train = T(...rows.slice(0, 30));
  const test = T(...rows.slice(30));

  it('is labelled as sampled and ranks among numNegatives + 1 candidates', () => {
    const res = evaluateRanking(scorer, test, {
      ...quiet,
      filterTriples: [train],
      sampled: { numNegatives: 5, seed: 42 },
      returnRanks: true,
    });
    expect(res.protocol.evaluator).toBe('sampled-rank-based');
    expect(res.protocol.candidates).toBe('sampled');
    expect(res.protocol.sampled).toEqual({ num_negatives: 5, seed: 42 });
    expect(Array.from(res.ranks!.tail!.numCandidates).every((c) => c === 6)).toBe(true);
    expect(res.protocol.num_candidates.head).toEqual({ min: 6, max: 6, mean: 6 });
    for (const r of res.ranks!.tail!.pessimistic) expect(r >= 1 && r <= 6).toBe(true);
  });

  it('is reproducible for a seed and independent of the batch size', () => {
    const run = (seed: number, batchSize?: number) =>
      evaluateRanking(scorer, test, { ...quiet, filterTriples: [train], sampled: { numNegatives: 5, seed }, batchSize, returnRanks: true });
    expect(run(1, 2).ranks).toEqual(run(1).ranks);
    expect(run(1).ranks).not.toEqual(run(2).ranks);
  });

  it('never samples other true answers', () => {
    // Known answers score 100, everything else 0; the true entity then beats every sampled negative.
    const known = knownSet([train, test]);
    const g = (h: number, r: number, t: number) => (known.has(`${h},${r},${t}`) ? 100 : 0);
    const res = evaluateRanking(new FunctionScorer(N, g), test, {
      ...quiet,
      filterTriples: [train],
      sampled: { numNegatives: 20, seed: 3 },
      returnRanks: true,
    });
    expect(res.metrics.both.pessimistic.mean_rank).toBe(1);
  });

  it('with more negatives than the pool equals full filtered ranking', () => {
    const full = evaluateRanking(scorer, test, { ...quiet, filterTriples: [train], returnRanks: true });
    const sampled = evaluateRanking(scorer, test, { ...quiet, filterTriples: [train], sampled: { numNegatives: 1000, seed: 0 }, returnRanks: true });
    expect(sampled.ranks).toEqual(full.ranks);
  });
});

describe('batch size and errors', () => {
  const N = 6;
  const f = (h: number, r: number, t: number) => hashInt(3, h, r, t);
  const test = T(...Array.from({ length: 20 }, (_, i) => [i % N, 0, (i * 5 + 1) % N] as [number, number, number]));

  it('halves the batch on allocation failure (RangeError or tfjs OOM) and gets the same numbers', () => {
    const ref = evaluateRanking(new FunctionScorer(N, f), test, { ...quiet, batchSize: 1 });
    for (const error of [() => new RangeError('Array buffer allocation failed'), () => new Error('OOM when allocating tensor with shape [64, 6]')]) {
      const scorer = new FunctionScorer(N, f, { batch: 5, error });
      const res = evaluateRanking(scorer, test, { ...quiet, maxBatchSize: 64 });
      // 64 -> 32 (capped at 20 queries first) ... the first size <= 5 reached by halving 20 is 5.
      expect(res.batchSize).toBe(5);
      expect(scorer.maxBatchSeen).toBe(5);
      expect(res.metrics).toEqual(ref.metrics);
    }
  });

  it('does not retry with an explicit batch size or for other errors', () => {
    const oom = new FunctionScorer(N, f, { batch: 5, error: () => new RangeError('Array buffer allocation failed') });
    expect(() => evaluateRanking(oom, test, { ...quiet, batchSize: 8 })).toThrow(/allocation failed/);
    const broken = new FunctionScorer(N, f, { batch: 0, error: () => new Error('model exploded') });
    expect(() => evaluateRanking(broken, test, quiet)).toThrow(/model exploded/);
    expect(isAllocationError(new RangeError('Invalid typed array length: 99999999999'))).toBe(true);
    expect(isAllocationError(new Error('index out of bounds'))).toBe(false);
  });

  it('refuses NaN scores with the triple named', () => {
    const nan = new FunctionScorer(N, (h, r, t) => (t === 2 ? NaN : 1));
    expect(() => evaluateRanking(nan, test, { ...quiet, sides: ['tail'] })).toThrow(/tail prediction for triple 0 \(0, 0, 1\).*NaN/);
  });

  it('validates its input', () => {
    const s = new FunctionScorer(N, f);
    expect(() => evaluateRanking(s, T([0, 0, N]), quiet)).toThrow(/out of range/);
    expect(() => evaluateRanking(s, new Int32Array(4), quiet)).toThrow(/3 \* n/);
    expect(() => evaluateRanking(s, test, { ...quiet, numEntities: N + 1 })).toThrow(/numEntities/);
    expect(() => evaluateRanking(s, test, { ...quiet, sides: [] })).toThrow(/sides/);
    expect(() => evaluateRanking(s, test, { ...quiet, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => evaluateRanking(s, test, { ...quiet, ks: [0] })).toThrow(/positive integer/);
  });

  it('handles an empty triple set', () => {
    const res = evaluateRanking(new FunctionScorer(N, f), new Int32Array(0), quiet);
    expect(res.metrics.both.realistic.count).toBe(0);
    expect(res.protocol.num_queries.total).toBe(0);
  });
});

describe('filterSetsFor / describeProtocol', () => {
  const dataset = {
    training: { mappedTriples: T([0, 0, 1]) },
    validation: { mappedTriples: T([1, 0, 2]) },
    testing: { mappedTriples: T([2, 0, 3]) },
  };

  it('uses train ∪ valid for validation and train ∪ valid ∪ test for testing', () => {
    expect(filterSetsFor('validation', dataset).names).toEqual(['training', 'validation']);
    const t = filterSetsFor('test', dataset);
    expect(t.names).toEqual(['training', 'validation', 'testing']);
    expect(t.triples).toEqual([dataset.training.mappedTriples, dataset.validation.mappedTriples, dataset.testing.mappedTriples]);
    expect(filterSetsFor('testing', dataset, { filter_validation_when_testing: false }).names).toEqual(['training', 'testing']);
    expect(filterSetsFor('training', dataset).names).toEqual(['training']);
  });

  it('appends additional sets and skips a missing validation split', () => {
    const extra = T([3, 0, 0]);
    const r = filterSetsFor('testing', { training: dataset.training, testing: dataset.testing }, { additional_filter_triples: [extra] });
    expect(r.names).toEqual(['training', 'testing', 'additional[0]']);
    expect(r.triples[2]).toBe(extra);
    expect(() => filterSetsFor('validation', { training: dataset.training })).toThrow(/no validation split/);
    expect(() => filterSetsFor('bogus' as 'testing', dataset)).toThrow(/unknown split/);
  });

  it('describes a protocol before running', () => {
    const p = describeProtocol({ numEntities: 50, numTriples: 7, filtered: false, sides: ['tail', 'head'], ks: [10, 1] });
    expect(p.sides).toEqual(['head', 'tail']);
    expect(p.ks).toEqual([1, 10]);
    expect(p.num_queries).toEqual({ head: 7, tail: 7, total: 14 });
    expect(p.num_candidates).toEqual({ head: { min: 50, max: 50, mean: 50 }, tail: { min: 50, max: 50, mean: 50 } });
  });
});
