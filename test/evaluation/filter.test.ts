import { describe, expect, it } from 'vitest';
import { FilterIndex } from '../../src/evaluation/filter.js';

const T = (...rows: [number, number, number][]) => Int32Array.from(rows.flat());

describe('FilterIndex', () => {
  const train = T([0, 0, 1], [0, 0, 3], [2, 1, 1], [0, 1, 2]);
  const valid = T([0, 0, 2], [0, 0, 1]); // (0,0,1) repeats a training triple
  const index = FilterIndex.build([train, valid], { numEntities: 4, numRelations: 2 });

  it('lists sorted distinct tails per (h, r) and heads per (r, t) over the union', () => {
    expect(Array.from(index.tailsOf(0, 0))).toEqual([1, 2, 3]);
    expect(Array.from(index.tailsOf(0, 1))).toEqual([2]);
    expect(Array.from(index.headsOf(1, 1))).toEqual([2]);
    expect(Array.from(index.headsOf(0, 1))).toEqual([0]);
    expect(Array.from(index.tailsOf(3, 0))).toEqual([]);
    expect(Array.from(index.headsOf(1, 3))).toEqual([]);
    expect(index.numTriples).toBe(5);
    expect(index.has(0, 0, 2)).toBe(true);
    expect(index.has(0, 0, 0)).toBe(false);
  });

  it('infers sizes from the ids when not given', () => {
    const i = FilterIndex.build([train]);
    expect(i.numEntities).toBe(4);
    expect(i.numRelations).toBe(2);
    expect(Array.from(i.tailsOf(0, 0))).toEqual([1, 3]);
  });

  it('folds inverse triples back onto base relations', () => {
    // Relation 2 + 0 = inverse of 0: (3, 2, 1) means (1, 0, 3).
    const withInv = T([0, 0, 1], [3, 2, 1], [2, 3, 0]);
    const i = FilterIndex.build([withInv], { numEntities: 4, numBaseRelations: 2 });
    expect(i.numRelations).toBe(2);
    expect(Array.from(i.tailsOf(1, 0))).toEqual([3]);
    expect(Array.from(i.headsOf(0, 3))).toEqual([1]);
    expect(Array.from(i.tailsOf(0, 1))).toEqual([2]); // from (2, 3, 0)
    expect(() => FilterIndex.build([T([0, 4, 1])], { numBaseRelations: 2 })).toThrow(/relation id 4/);
  });

  it('rejects malformed input with the place named', () => {
    expect(() => FilterIndex.build([new Int32Array(4)])).toThrow(/filter index.*multiple of 3/);
    expect(() => FilterIndex.build([T([0, 0, 5])], { numEntities: 4 })).toThrow(/entity id 5/);
    expect(() => FilterIndex.build([T([0, -1, 1])])).toThrow(/negative id/);
  });

  it('is empty for no sets', () => {
    const i = FilterIndex.build([], { numEntities: 3, numRelations: 1 });
    expect(i.numTriples).toBe(0);
    expect(i.tailsOf(0, 0).length).toBe(0);
  });
});
