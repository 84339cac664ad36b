/**
 * For every relation, the sorted distinct entities seen as its head and as its tail in a set of
 * triples, in CSR form: the heads of relation r are `heads[headOffsets[r] .. headOffsets[r+1])`.
 * Bernoulli sampling reads the counts; pseudo-typed sampling draws from the lists.
 */
export interface RelationSlots {
  headOffsets: Int32Array;
  heads: Int32Array;
  tailOffsets: Int32Array;
  tails: Int32Array;
}

export function relationSlots(triples: Int32Array, numEntities: number, numRelations: number): RelationSlots {
  const [headOffsets, heads] = distinctBySlot(triples, 0, numEntities, numRelations);
  const [tailOffsets, tails] = distinctBySlot(triples, 2, numEntities, numRelations);
  return { headOffsets, heads, tailOffsets, tails };
}

/** Sorts `r * numEntities + e` keys (exact in a double for any realistic size) and deduplicates. */
function distinctBySlot(triples: Int32Array, slot: 0 | 2, numEntities: number, numRelations: number): [Int32Array, Int32Array] {
  const n = triples.length / 3;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = triples[3 * i + 1]! * numEntities + triples[3 * i + slot]!;
  keys.sort();
  const offsets = new Int32Array(numRelations + 1);
  const values = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (i > 0 && key === keys[i - 1]) continue;
    const e = key % numEntities;
    offsets[(key - e) / numEntities + 1]!++;
    values[m++] = e;
  }
  for (let r = 0; r < numRelations; r++) offsets[r + 1]! += offsets[r]!;
  return [offsets, values.slice(0, m)];
}

/** Index of `x` in the sorted range `a[lo, hi)`, or -1. */
export function indexInSorted(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}
