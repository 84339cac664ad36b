/**
 * LCWA training examples: the distinct (h, r) pairs of the training triples, each with the list
 * of its true tails in CSR form (offsets into one Int32Array).
 */
export interface LcwaIndex {
  numQueries: number;
  /** 2 * numQueries ids: (h, r) per query. */
  queries: Int32Array;
  offsets: Int32Array;
  tails: Int32Array;
}

export function buildLcwaIndex(triples: Int32Array): LcwaIndex {
  const n = triples.length / 3;
  const order = Array.from({ length: n }, (_, i) => i);
  let numRelations = 1;
  for (let i = 0; i < n; i++) numRelations = Math.max(numRelations, triples[3 * i + 1]! + 1);
  const key = (i: number) => triples[3 * i]! * numRelations + triples[3 * i + 1]!;
  order.sort((a, b) => key(a) - key(b) || triples[3 * a + 2]! - triples[3 * b + 2]!);
  const queries: number[] = [];
  const offsets: number[] = [0];
  const tails = new Int32Array(n);
  let prev = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const kk = key(i);
    if (kk !== prev) {
      if (k > 0) offsets.push(k);
      queries.push(triples[3 * i]!, triples[3 * i + 1]!);
      prev = kk;
    }
    tails[k] = triples[3 * i + 2]!;
  }
  offsets.push(n);
  return { numQueries: queries.length / 2, queries: Int32Array.from(queries), offsets: Int32Array.from(offsets), tails };
}

/** Builds one batch: the queries' head and relation ids and a dense 0/1 label matrix over all entities. */
export function fillLcwaBatch(index: LcwaIndex, idx: Int32Array, numEntities: number): { heads: Int32Array; relations: Int32Array; labels: Float32Array } {
  const heads = new Int32Array(idx.length);
  const relations = new Int32Array(idx.length);
  const labels = new Float32Array(idx.length * numEntities);
  for (let i = 0; i < idx.length; i++) {
    const q = idx[i]!;
    heads[i] = index.queries[2 * q]!;
    relations[i] = index.queries[2 * q + 1]!;
    for (let p = index.offsets[q]!; p < index.offsets[q + 1]!; p++) labels[i * numEntities + index.tails[p]!] = 1;
  }
  return { heads, relations, labels };
}
