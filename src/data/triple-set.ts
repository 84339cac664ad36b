import { DataError } from '../errors.js';

/**
 * Packs a triple into one exact integer key: `(h * numRelations + r) * numEntities + t`.
 * Keys are exact only while `numEntities^2 * numRelations <= 2^53` (doubles hold integers
 * exactly up to 2^53): fine for FB15k-237 (5.0e10) or WN18RR with inverses (3.6e10), but not
 * for Wikidata5M-sized graphs. Call `assertPackable` once before packing; `TripleSet` does not
 * pack and has no such limit.
 */
export function packTriple(h: number, r: number, t: number, numEntities: number, numRelations: number): number {
  return (h * numRelations + r) * numEntities + t;
}

/** Inverse of `packTriple`. */
export function unpackTriple(key: number, numEntities: number, numRelations: number): [number, number, number] {
  const t = key % numEntities;
  const hr = (key - t) / numEntities;
  const r = hr % numRelations;
  return [(hr - r) / numRelations, r, t];
}

export function canPackTriples(numEntities: number, numRelations: number): boolean {
  return numEntities * numEntities * numRelations <= Number.MAX_SAFE_INTEGER + 1;
}

export function assertPackable(numEntities: number, numRelations: number): void {
  if (!canPackTriples(numEntities, numRelations)) {
    throw new DataError(
      `cannot pack triples of ${numEntities} entities x ${numRelations} relations into exact number keys (needs entities^2 * relations <= 2^53); use TripleSet instead`,
    );
  }
}

const EMPTY = -1;

/**
 * A hash set of (h, r, t) id triples, for negative-sample filtering and filtered ranking.
 * Open addressing with linear probing over one Int32Array (3 ints per slot, h = -1 marks an
 * empty slot), load factor at most 1/2. No per-triple objects and no limit on the id range.
 */
export class TripleSet {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedSize = 16) {
    let cap = 16;
    while (cap < 2 * expectedSize) cap *= 2;
    this.slots = new Int32Array(3 * cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** A set of the rows of one or more `3 * n` triple arrays. */
  static fromTriples(...arrays: Int32Array[]): TripleSet {
    let n = 0;
    for (const a of arrays) n += a.length / 3;
    const set = new TripleSet(n);
    for (const a of arrays) set.addAll(a);
    return set;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a triple; returns false when it was already present. */
  add(h: number, r: number, t: number): boolean {
    // -1 marks empty slots, so ids must be non-negative.
    if (h < 0) throw new RangeError(`TripleSet ids must be >= 0, got head ${h}`);
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const s = this.slots;
    let i = hash3(h, r, t) & this.mask;
    for (;;) {
      const o = 3 * i;
      const sh = s[o]!;
      if (sh === EMPTY) {
        s[o] = h;
        s[o + 1] = r;
        s[o + 2] = t;
        this.count++;
        return true;
      }
      if (sh === h && s[o + 1] === r && s[o + 2] === t) return false;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds every row of a `3 * n` array; returns how many were new. */
  addAll(triples: Int32Array): number {
    let added = 0;
    for (let i = 0; i < triples.length; i += 3) if (this.add(triples[i]!, triples[i + 1]!, triples[i + 2]!)) added++;
    return added;
  }

  has(h: number, r: number, t: number): boolean {
    const s = this.slots;
    let i = hash3(h, r, t) & this.mask;
    for (;;) {
      const o = 3 * i;
      const sh = s[o]!;
      if (sh === EMPTY) return false;
      if (sh === h && s[o + 1] === r && s[o + 2] === t) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Whether row `i` of a `3 * n` array is in the set. */
  hasRow(triples: Int32Array, i: number): boolean {
    return this.has(triples[3 * i]!, triples[3 * i + 1]!, triples[3 * i + 2]!);
  }

  private grow(): void {
    const old = this.slots;
    const cap = 2 * (this.mask + 1);
    this.slots = new Int32Array(3 * cap).fill(EMPTY);
    this.mask = cap - 1;
    this.count = 0;
    for (let o = 0; o < old.length; o += 3) if (old[o] !== EMPTY) this.add(old[o]!, old[o + 1]!, old[o + 2]!);
  }
}

/** 32-bit mix of three ints (murmur3 finalizer over a multiplicative combination). */
function hash3(h: number, r: number, t: number): number {
  let x = Math.imul(h, 0x9e3779b1) ^ Math.imul(r + 0x632be5ab, 0x85ebca77) ^ Math.imul(t, 0xc2b2ae3d);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
