import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { TripleSet, assertPackable, canPackTriples, packTriple, unpackTriple } from '../../src/data/triple-set.js';
import { createRng } from '../../src/util/random.js';

describe('packTriple', () => {
  it('packs (h * R + r) * E + t and unpacks exactly', () => {
    expect(packTriple(0, 0, 0, 10, 3)).toBe(0);
    expect(packTriple(2, 1, 7, 10, 3)).toBe((2 * 3 + 1) * 10 + 7);
    expect(unpackTriple(77, 10, 3)).toEqual([2, 1, 7]);
    // Near the 2^53 limit: E = 2^20, R = 2^13 -> largest key 2^53 - 1.
    const E = 2 ** 20;
    const R = 2 ** 13;
    expect(canPackTriples(E, R)).toBe(true);
    const key = packTriple(E - 1, R - 1, E - 1, E, R);
    expect(key).toBe(2 ** 53 - 1);
    expect(unpackTriple(key, E, R)).toEqual([E - 1, R - 1, E - 1]);
    expect(canPackTriples(E, R + 1)).toBe(false);
    expect(() => assertPackable(E, R + 1)).toThrow(DataError);
  });
});

describe('TripleSet', () => {
  it('adds, detects duplicates and answers membership', () => {
    const s = new TripleSet();
    expect(s.add(1, 2, 3)).toBe(true);
    expect(s.add(1, 2, 3)).toBe(false);
    expect(s.add(3, 2, 1)).toBe(true);
    expect(s.size).toBe(2);
    expect(s.has(1, 2, 3)).toBe(true);
    expect(s.has(3, 2, 1)).toBe(true);
    expect(s.has(1, 3, 2)).toBe(false);
    expect(s.has(0, 0, 0)).toBe(false);
    expect(() => s.add(-1, 0, 0)).toThrow(RangeError);
  });

  it('agrees with a string set over many random triples while growing', () => {
    const rng = createRng(7);
    const s = new TripleSet(4);
    const ref = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const h = rng.int(300);
      const r = rng.int(5);
      const t = rng.int(300);
      expect(s.add(h, r, t)).toBe(!ref.has(`${h},${r},${t}`));
      ref.add(`${h},${r},${t}`);
    }
    expect(s.size).toBe(ref.size);
    let agree = 0;
    for (let i = 0; i < 20000; i++) {
      const h = rng.int(300);
      const r = rng.int(5);
      const t = rng.int(300);
      if (s.has(h, r, t) === ref.has(`${h},${r},${t}`)) agree++;
    }
    expect(agree).toBe(20000);
  });

  it('builds from triple arrays and checks rows', () => {
    const a = Int32Array.from([0, 0, 1, 1, 0, 2]);
    const b = Int32Array.from([2, 1, 0, 0, 0, 1]);
    const s = TripleSet.fromTriples(a, b);
    expect(s.size).toBe(3);
    expect(s.hasRow(b, 0)).toBe(true);
    expect(s.hasRow(Int32Array.from([2, 0, 0]), 0)).toBe(false);
  });
});
