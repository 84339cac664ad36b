import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TriplesFactory } from '../../src/data/triples-factory.js';
import {
  BasicNegativeSampler,
  BernoulliNegativeSampler,
  CorruptionSampler,
  PseudoTypedNegativeSampler,
  samplerRegistry,
  type NegativeSampler,
} from '../../src/sampling/index.js';
import { createRng } from '../../src/util/random.js';
import { SHARED_DATASETS, hasShared } from '../helpers.js';

/** A hand-made graph for tests that only need some factory: 6 entities, 2 relations. */
const tiny = TriplesFactory.fromMappedTriples(Int32Array.of(0, 0, 1, 1, 0, 2, 2, 1, 3, 3, 1, 4, 4, 0, 5), { numEntities: 6, numRelations: 2 });

const tripleKey = (a: Int32Array, i: number) => `${a[3 * i]},${a[3 * i + 1]},${a[3 * i + 2]}`;
const keySet = (a: Int32Array) => new Set(Array.from({ length: a.length / 3 }, (_, i) => tripleKey(a, i)));

/** Each positive repeated `times` times, so statistics get enough draws. */
function repeated(triples: Int32Array, times: number): Int32Array {
  const out = new Int32Array(triples.length * times);
  for (let k = 0; k < times; k++) out.set(triples, k * triples.length);
  return out;
}

/** The slots (0, 1, 2) in which negative row m differs from its positive. */
function changedSlots(pos: Int32Array, neg: Int32Array, m: number, k: number): number[] {
  const i = Math.floor(m / k);
  return [0, 1, 2].filter((s) => neg[3 * m + s] !== pos[3 * i + s]);
}

/** tph and hpt straight from the definition: mean tails per head, mean heads per tail. */
function expectedHeadProbability(triples: Int32Array, r: number): number {
  const tailsOf = new Map<number, Set<number>>();
  const headsOf = new Map<number, Set<number>>();
  for (let i = 0; i < triples.length; i += 3) {
    if (triples[i + 1] !== r) continue;
    const h = triples[i]!;
    const t = triples[i + 2]!;
    if (!tailsOf.has(h)) tailsOf.set(h, new Set());
    if (!headsOf.has(t)) headsOf.set(t, new Set());
    tailsOf.get(h)!.add(t);
    headsOf.get(t)!.add(h);
  }
  const mean = (m: Map<number, Set<number>>) => [...m.values()].reduce((a, s) => a + s.size, 0) / m.size;
  const tph = mean(tailsOf);
  const hpt = mean(headsOf);
  return tph / (tph + hpt);
}

describe('sampler registry', () => {
  it('registers basic, bernoulli and pseudotyped with PyKEEN-style names and defaults', () => {
    expect(samplerRegistry.names()).toEqual(['basic', 'bernoulli', 'pseudotyped']);
    const basic = samplerRegistry.create('BasicNegativeSampler', {}, { factory: tiny }) as BasicNegativeSampler;
    expect(basic).toBeInstanceOf(BasicNegativeSampler);
    expect(basic.numNegsPerPos).toBe(1);
    expect(basic.filtered).toBe(false);
    expect(basic.corruptionScheme).toEqual([0, 2]);
    expect(samplerRegistry.create('pseudo-typed', { num_negs_per_pos: 3 }, { factory: tiny }).numNegsPerPos).toBe(3);
    expect(samplerRegistry.create('Bernoulli', { filtered: true }, { factory: tiny })).toBeInstanceOf(BernoulliNegativeSampler);
  });

  it('rejects bad arguments with the argument named', () => {
    const ctx = { factory: tiny };
    expect(() => samplerRegistry.create('basic', { num_negs: 2 }, ctx)).toThrow(/unknown argument 'num_negs'/);
    expect(() => samplerRegistry.create('basic', { num_negs_per_pos: 0 }, ctx)).toThrow(/num_negs_per_pos must be an integer >= 1/);
    expect(() => samplerRegistry.create('basic', { num_negs_per_pos: 1.5 }, ctx)).toThrow(/must be an integer/);
    expect(() => samplerRegistry.create('basic', { corruption_scheme: ['head', 'middle'] }, ctx)).toThrow(/unknown corruption_scheme entry "middle"/);
    expect(() => samplerRegistry.create('basic', { corruption_scheme: [] }, ctx)).toThrow(/non-empty/);
    expect(() => samplerRegistry.create('bernoulli', { corruption_scheme: ['head'] }, ctx)).toThrow(/unknown argument/);
    expect(() => samplerRegistry.create('bernoulli', {}, {} as never)).toThrow(/triples factory/);
  });

  it('rejects positives with ids outside the factory', () => {
    const s = samplerRegistry.create('basic', {}, { factory: tiny });
    expect(() => s.sample(Int32Array.of(0, 55, 1), createRng(1))).toThrow(/positive 0 \(0, 55, 1\)/);
  });
});

describe('bernoulli', () => {
  it('uses tph / (tph + hpt) per relation: a hand-made 1-to-N relation', () => {
    // Relation 0: 0 -> {1, 2, 3}: tph = 3, hpt = 1, p = 3/4. Relation 1: {1, 2} -> 0: tph = 1, hpt = 2, p = 1/3.
    const f = TriplesFactory.fromMappedTriples(Int32Array.of(0, 0, 1, 0, 0, 2, 0, 0, 3, 1, 1, 0, 2, 1, 0), { numEntities: 4, numRelations: 2 });
    const s = new BernoulliNegativeSampler({ factory: f }, { numNegsPerPos: 1, filtered: false });
    expect(s.headProbability[0]).toBeCloseTo(3 / 4, 12);
    expect(s.headProbability[1]).toBeCloseTo(1 / 3, 12);
  });
});

describe('pseudotyped', () => {
  it('weights sides by pool size and falls back to uniform when no pool has another entity', () => {
    // Relation 0: heads {0, 1, 2}, tails {3}. Relation 1: only (4, 1, 5).
    const f = TriplesFactory.fromMappedTriples(Int32Array.of(0, 0, 3, 1, 0, 3, 2, 0, 3, 4, 1, 5), { numEntities: 6, numRelations: 2 });
    const s = new PseudoTypedNegativeSampler({ factory: f }, { numNegsPerPos: 3000, filtered: false });
    const neg = s.sample(Int32Array.of(0, 0, 3), createRng(1));
    const heads = [0, 0, 0];
    for (let m = 0; m < 3000; m++) {
      expect(neg[3 * m + 2]).toBe(3); // the tail pool holds only the original
      heads[neg[3 * m]!]!++;
    }
    expect(heads[0]).toBe(0);
    expect(Math.abs(heads[1]! - 1500)).toBeLessThan(150);
    expect(s.fallbackCount).toBe(0);
    const fallback = s.sample(Int32Array.of(4, 1, 5), createRng(2));
    expect(s.fallbackCount).toBe(3000);
    const others = new Set<number>();
    for (let m = 0; m < 3000; m++) {
      const changed = changedSlots(Int32Array.of(4, 1, 5), fallback, m, 3000);
      expect(changed.length).toBe(1);
      others.add(fallback[3 * m + changed[0]!]!);
    }
    expect([...others].sort()).toEqual([0, 1, 2, 3, 4, 5]); // uniform over all other entities
  });
});

describe('filtered', () => {
  const kinds = ['basic', 'bernoulli', 'pseudotyped'] as const;

  it('finds the only valid corruption when random draws keep hitting true triples', () => {
    // 3 entities, 1 relation, every triple true except (0, 0, 2): for (0, 0, 1) that is the only negative.
    const all: number[] = [];
    for (let h = 0; h < 3; h++) for (let t = 0; t < 3; t++) if (!(h === 0 && t === 2)) all.push(h, 0, t);
    const f = TriplesFactory.fromMappedTriples(Int32Array.from(all), { numEntities: 3, numRelations: 1 });
    for (const name of kinds) {
      const s = samplerRegistry.create(name, { num_negs_per_pos: 50, filtered: true }, { factory: f }) as CorruptionSampler;
      const neg = s.sample(Int32Array.of(0, 0, 1), createRng(8));
      for (let m = 0; m < 50; m++) expect([neg[3 * m], neg[3 * m + 1], neg[3 * m + 2]]).toEqual([0, 0, 2]);
      expect(s.unfilteredCount).toBe(0);
    }
  });

  it('keeps the shape and counts the cases where no valid corruption exists', () => {
    const all: number[] = [];
    for (let h = 0; h < 2; h++) for (let t = 0; t < 2; t++) all.push(h, 0, t);
    const f = TriplesFactory.fromMappedTriples(Int32Array.from(all), { numEntities: 2, numRelations: 1 });
    const s = samplerRegistry.create('basic', { num_negs_per_pos: 4, filtered: true }, { factory: f }) as CorruptionSampler;
    const neg = s.sample(Int32Array.of(0, 0, 1), createRng(1));
    expect(neg.length).toBe(12);
    expect(s.unfilteredCount).toBe(4);
  });
});

describe.skipIf(!hasShared)('samplers on Nations', () => {
  let nations: TriplesFactory;
  let nationsValid: Int32Array;
  beforeAll(async () => {
    nations = await TriplesFactory.fromPath(path.join(SHARED_DATASETS, 'nations', 'train.txt'));
    nationsValid = (await nations.mapPath(path.join(SHARED_DATASETS, 'nations', 'valid.txt'))).factory.mappedTriples;
  });

  describe('basic', () => {
    it('corrupts exactly one slot of the scheme and never returns the positive', () => {
      const k = 5;
      for (const scheme of [['head', 'tail'], ['head', 'relation', 'tail'], ['tail']]) {
        const s = samplerRegistry.create('basic', { num_negs_per_pos: k, corruption_scheme: scheme }, { factory: nations });
        const pos = nations.mappedTriples;
        const neg = s.sample(pos, createRng(7));
        expect(neg.length).toBe(pos.length * k);
        const slotCount = [0, 0, 0];
        for (let m = 0; m < neg.length / 3; m++) {
          const changed = changedSlots(pos, neg, m, k);
          expect(changed.length).toBe(1);
          slotCount[changed[0]!]!++;
          expect(neg[3 * m]).toBeLessThan(nations.numEntities);
          expect(neg[3 * m + 1]).toBeLessThan(nations.numRelations);
          expect(neg[3 * m + 2]).toBeLessThan(nations.numEntities);
        }
        // Slots outside the scheme are never touched; those inside are chosen uniformly.
        const n = neg.length / 3;
        const names = ['head', 'relation', 'tail'];
        for (let slot = 0; slot < 3; slot++) {
          if (!scheme.includes(names[slot]!)) expect(slotCount[slot]).toBe(0);
          else {
            const p = 1 / scheme.length;
            expect(Math.abs(slotCount[slot]! / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
          }
        }
      }
    });

    it('draws the replacement uniformly among the other entities', () => {
      const s = samplerRegistry.create('basic', { num_negs_per_pos: 13000, corruption_scheme: ['tail'] }, { factory: nations });
      const pos = nations.mappedTriples.subarray(0, 3);
      const neg = s.sample(pos, createRng(3));
      const counts = new Array(nations.numEntities).fill(0);
      for (let m = 0; m < 13000; m++) counts[neg[3 * m + 2]!]++;
      expect(counts[pos[2]!]).toBe(0);
      // 13 other entities, 1000 expected each; sd ~ 30.
      for (let e = 0; e < nations.numEntities; e++) if (e !== pos[2]) expect(Math.abs(counts[e] - 1000)).toBeLessThan(150);
    });

    it('is reproducible for a seed and fills a given output buffer', () => {
      const s = samplerRegistry.create('basic', { num_negs_per_pos: 2 }, { factory: nations });
      const a = s.sample(nations.mappedTriples, createRng(11));
      const out = new Int32Array(a.length);
      const b = s.sample(nations.mappedTriples, createRng(11), out);
      expect(b).toBe(out);
      expect(b).toEqual(a);
      expect(s.sample(nations.mappedTriples, createRng(12))).not.toEqual(a);
    });
  });

  describe('bernoulli', () => {
    it('corrupts heads at the rate tph / (tph + hpt) of each relation on Nations', () => {
      const k = 40;
      const s = samplerRegistry.create('bernoulli', { num_negs_per_pos: k }, { factory: nations }) as BernoulliNegativeSampler;
      const pos = nations.mappedTriples;
      const neg = s.sample(pos, createRng(5));
      const heads = new Float64Array(nations.numRelations);
      const total = new Float64Array(nations.numRelations);
      for (let m = 0; m < neg.length / 3; m++) {
        const changed = changedSlots(pos, neg, m, k);
        expect(changed.length).toBe(1);
        expect(changed[0]).not.toBe(1);
        const r = neg[3 * m + 1]!;
        total[r]!++;
        if (changed[0] === 0) heads[r]!++;
      }
      let notHalf = 0;
      for (let r = 0; r < nations.numRelations; r++) {
        const p = expectedHeadProbability(pos, r);
        expect(s.headProbability[r]).toBeCloseTo(p, 12);
        if (Math.abs(p - 0.5) > 0.05) notHalf++;
        const n = total[r]!;
        expect(Math.abs(heads[r]! / n - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-9);
      }
      expect(notHalf).toBeGreaterThan(10); // the check is not vacuous: many relations are far from 1/2
    });
  });

  describe('pseudotyped', () => {
    it('only proposes entities seen in that slot with that relation', () => {
      const k = 10;
      const pos = nations.mappedTriples;
      const seen = [new Map<number, Set<number>>(), new Map<number, Set<number>>()]; // [heads, tails] per relation
      for (let i = 0; i < pos.length; i += 3) {
        for (const [side, slot] of [[0, 0], [1, 2]] as const) {
          const m = seen[side]!;
          if (!m.has(pos[i + 1]!)) m.set(pos[i + 1]!, new Set());
          m.get(pos[i + 1]!)!.add(pos[i + slot]!);
        }
      }
      const s = samplerRegistry.create('pseudotyped', { num_negs_per_pos: k }, { factory: nations }) as PseudoTypedNegativeSampler;
      const neg = s.sample(pos, createRng(9));
      let typed = 0;
      let untyped = 0;
      for (let m = 0; m < neg.length / 3; m++) {
        const changed = changedSlots(pos, neg, m, k);
        expect(changed.length).toBe(1);
        const slot = changed[0]!;
        expect(slot).not.toBe(1);
        const r = neg[3 * m + 1]!;
        if (seen[slot === 0 ? 0 : 1]!.get(r)!.has(neg[3 * m + slot]!)) {
          typed++;
          continue;
        }
        // Only allowed through the documented fallback: this relation has one head and one tail.
        expect(seen[0]!.get(r)!.size + seen[1]!.get(r)!.size).toBe(2);
        untyped++;
      }
      // Nations has such a relation (attackembassy: one triple); every one of its negatives falls back.
      let single = 0;
      for (let i = 0; i < pos.length; i += 3) if (seen[0]!.get(pos[i + 1]!)!.size + seen[1]!.get(pos[i + 1]!)!.size === 2) single++;
      expect(single).toBeGreaterThan(0);
      expect(s.fallbackCount).toBe(single * k);
      expect(untyped).toBe(single * k); // the original is excluded, so a fallback never lands in the pool
      expect(typed).toBe(neg.length / 3 - untyped);
    });
  });

  describe('filtered', () => {
    const kinds = ['basic', 'bernoulli', 'pseudotyped'] as const;

    it('never returns a training triple (nor a filter triple), while unfiltered sampling does', () => {
      const train = keySet(nations.mappedTriples);
      const valid = keySet(nationsValid);
      const pos = repeated(nations.mappedTriples, 2);
      for (const name of kinds) {
        const plain = samplerRegistry.create(name, { num_negs_per_pos: 5 }, { factory: nations }).sample(pos, createRng(4));
        let trueOnes = 0;
        for (let m = 0; m < plain.length / 3; m++) if (train.has(tripleKey(plain, m))) trueOnes++;
        expect(trueOnes).toBeGreaterThan(100); // Nations is dense: unfiltered negatives are often true

        const s = samplerRegistry.create(name, { num_negs_per_pos: 5, filtered: true }, { factory: nations, filterTriples: [nationsValid] }) as CorruptionSampler;
        const neg = s.sample(pos, createRng(4));
        expect(neg.length).toBe(pos.length * 5);
        for (let m = 0; m < neg.length / 3; m++) {
          const key = tripleKey(neg, m);
          expect(train.has(key) || valid.has(key)).toBe(false);
          expect(changedSlots(pos, neg, m, 5).length).toBe(1);
        }
        expect(s.unfilteredCount).toBe(0);
      }
    });
  });

  describe('all samplers', () => {
    it('return k corruptions per positive in row order i*k+j', () => {
      const pos = nations.mappedTriples.subarray(0, 30);
      for (const name of samplerRegistry.names()) {
        const s: NegativeSampler = samplerRegistry.create(name, { num_negs_per_pos: 4 }, { factory: nations });
        const neg = s.sample(pos, createRng(2));
        expect(neg.length).toBe(pos.length * 4);
        for (let m = 0; m < 40; m++) expect(changedSlots(pos, neg, m, 4).length).toBe(1);
      }
    });
  });
});
