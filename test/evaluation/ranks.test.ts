import { describe, expect, it } from 'vitest';
import { concatRanks, rankAmong, RankBuffer, rankInRow } from '../../src/evaluation/ranks.js';

describe('rankInRow', () => {
  // Entity:          0    1    2    3    4    5
  const row = [0.5, 0.9, 0.5, 0.1, 0.5, 0.9];

  it('counts strictly greater (optimistic) and greater-or-equal (pessimistic) others', () => {
    // True entity 0 (0.5): greater {1, 5}; ties {2, 4}.
    expect(rankInRow(row, 0)).toEqual({ optimistic: 3, pessimistic: 5, realistic: 4, numCandidates: 6 });
    // True entity 3 (0.1) is last; nothing ties with it.
    expect(rankInRow(row, 3)).toEqual({ optimistic: 6, pessimistic: 6, realistic: 6, numCandidates: 6 });
    // True entity 1 (0.9) ties only with 5.
    expect(rankInRow(row, 1)).toEqual({ optimistic: 1, pessimistic: 2, realistic: 1.5, numCandidates: 6 });
  });

  it('drops excluded entities, never the true one, and tolerates unsorted duplicates', () => {
    // Exclude 5 (greater) and 2 (tie); the true id 0 in the list is ignored. Left: 1 (greater), 3, 4 (tie).
    const r = rankInRow(row, 0, [5, 2, 0, 5]);
    expect(r).toEqual({ optimistic: 2, pessimistic: 3, realistic: 2.5, numCandidates: 4 });
    expect(rankInRow(row, 0, Int32Array.from([0]))).toEqual(rankInRow(row, 0));
  });

  it('refuses NaN scores instead of ranking them first', () => {
    expect(() => rankInRow([NaN, NaN, NaN], 1, null, 'here')).toThrow(/here.*NaN/);
    expect(() => rankInRow([0.3, NaN, 0.1], 0)).toThrow(/NaN for candidate entity 1/);
    // An all-NaN row would have given rank 1 with plain comparisons.
  });

  it('handles infinities as ordinary scores', () => {
    expect(rankInRow([Infinity, -Infinity, 0, Infinity], 2)).toEqual({ optimistic: 3, pessimistic: 3, realistic: 3, numCandidates: 4 });
    expect(rankInRow([Infinity, -Infinity, 0, Infinity], 0)).toEqual({ optimistic: 1, pessimistic: 2, realistic: 1.5, numCandidates: 4 });
  });

  it('rejects ids outside the row', () => {
    expect(() => rankInRow(row, 6)).toThrow(/outside/);
    expect(() => rankInRow(row, 0, [7])).toThrow(/excluded entity 7/);
  });
});

describe('rankAmong (sampled candidates)', () => {
  const row = [0.5, 0.9, 0.5, 0.1, 0.5, 0.9];
  it('ranks only against the listed candidates', () => {
    // Candidates 3 (lower) and 4 (tie): optimistic 1, pessimistic 2.
    expect(rankAmong(row, 0, [4, 3])).toEqual({ optimistic: 1, pessimistic: 2, realistic: 1.5, numCandidates: 3 });
    // True id and duplicates in the list are ignored.
    expect(rankAmong(row, 0, [1, 1, 0, 5])).toEqual({ optimistic: 3, pessimistic: 3, realistic: 3, numCandidates: 3 });
    expect(rankAmong(row, 0, [])).toEqual({ optimistic: 1, pessimistic: 1, realistic: 1, numCandidates: 1 });
  });
});

describe('RankBuffer / concatRanks', () => {
  it('grows past its capacity and keeps push order', () => {
    const b = new RankBuffer(1);
    for (let i = 1; i <= 5; i++) b.push({ optimistic: i, pessimistic: i + 2, realistic: i + 1, numCandidates: 10 + i });
    const r = b.toRanks();
    expect(Array.from(r.optimistic)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(r.pessimistic)).toEqual([3, 4, 5, 6, 7]);
    expect(Array.from(r.realistic)).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(r.numCandidates)).toEqual([11, 12, 13, 14, 15]);
    const c = concatRanks([r, r]);
    expect(Array.from(c.optimistic)).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    expect(c.numCandidates.length).toBe(10);
  });
});
