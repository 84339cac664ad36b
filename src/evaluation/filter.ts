/**
 * Known answers for filtered ranking: for every (h, r) the sorted distinct tails t with
 * (h, r, t) in any of the given triple sets, and for every (r, t) the sorted distinct heads.
 *
 * Stored CSR-style in three typed arrays per direction (sorted keys, offsets, values), so
 * FB15k-237 (~310k triples) costs a few MB and a lookup is one binary search.
 */
import { DataError } from '../errors.js';

export interface FilterIndexOptions {
  /** Entity count; inferred from the largest id when omitted. */
  numEntities?: number;
  /** Relation count of the index; inferred from the largest id when omitted. */
  numRelations?: number;
  /**
   * Set when the model was trained with inverse relations (relation r + numBaseRelations is
   * the inverse of r). Inverse triples (t, r + R, h) in the sets are folded back to (h, r, t),
   * so the index is keyed by base relations and head lookups of (r, t) equal tail lookups of
   * (t, r_inv). Relation ids must then be below 2 * numBaseRelations.
   */
  numBaseRelations?: number;
}

/** One direction: key (entity * numRelations + relation) -> sorted distinct entities. */
interface Csr {
  keys: Float64Array;
  offsets: Int32Array;
  values: Int32Array;
}

const EMPTY = new Int32Array(0);

export class FilterIndex {
  private constructor(
    readonly numEntities: number,
    readonly numRelations: number,
    /** Distinct (h, r, t) triples indexed (after folding inverses). */
    readonly numTriples: number,
    private readonly tails: Csr,
    private readonly heads: Csr,
  ) {}

  /** Builds the index from the union of `sets` (each an Int32Array of 3*n ids). */
  static build(sets: readonly Int32Array[], options: FilterIndexOptions = {}): FilterIndex {
    const base = options.numBaseRelations;
    if (base !== undefined && !(Number.isInteger(base) && base > 0)) {
      throw new DataError(`numBaseRelations must be a positive integer, got ${base}`, 'filter index');
    }
    let total = 0;
    let maxEntity = -1;
    let maxRelation = -1;
    sets.forEach((set, s) => {
      if (set.length % 3 !== 0) {
        throw new DataError(`triple set ${s} has length ${set.length}, not a multiple of 3`, 'filter index');
      }
      total += set.length / 3;
      for (let i = 0; i < set.length; i += 3) {
        const h = set[i]!;
        const r = set[i + 1]!;
        const t = set[i + 2]!;
        if (h < 0 || t < 0 || r < 0) {
          throw new DataError(`triple set ${s}, row ${i / 3}: negative id in (${h}, ${r}, ${t})`, 'filter index');
        }
        if (h > maxEntity) maxEntity = h;
        if (t > maxEntity) maxEntity = t;
        if (r > maxRelation) maxRelation = r;
      }
    });
    const numEntities = options.numEntities ?? maxEntity + 1;
    if (maxEntity >= numEntities) {
      throw new DataError(`entity id ${maxEntity} is out of range for ${numEntities} entities`, 'filter index');
    }
    let numRelations: number;
    if (base !== undefined) {
      if (maxRelation >= 2 * base) {
        throw new DataError(
          `relation id ${maxRelation} is out of range for ${base} base relations with inverses`,
          'filter index',
        );
      }
      numRelations = base;
    } else {
      numRelations = options.numRelations ?? maxRelation + 1;
      if (maxRelation >= numRelations) {
        throw new DataError(`relation id ${maxRelation} is out of range for ${numRelations} relations`, 'filter index');
      }
    }
    numRelations = Math.max(numRelations, 1);
    if (numEntities * numRelations * numEntities >= Number.MAX_SAFE_INTEGER) {
      throw new DataError(
        `too many entities/relations (${numEntities} x ${numRelations}) for the filter index's packed keys`,
        'filter index',
      );
    }

    // Pack (key, value) into one exact float64 so one numeric typed-array sort groups and
    // orders everything; then de-duplicate in the same pass that builds the CSR arrays.
    const tailCodes = new Float64Array(total);
    const headCodes = new Float64Array(total);
    let k = 0;
    for (const set of sets) {
      for (let i = 0; i < set.length; i += 3) {
        let h = set[i]!;
        let r = set[i + 1]!;
        let t = set[i + 2]!;
        if (base !== undefined && r >= base) {
          const tmp = h;
          h = t;
          t = tmp;
          r -= base;
        }
        tailCodes[k] = (h * numRelations + r) * numEntities + t;
        headCodes[k] = (t * numRelations + r) * numEntities + h;
        k++;
      }
    }
    const tails = toCsr(tailCodes, numEntities);
    const heads = toCsr(headCodes, numEntities);
    return new FilterIndex(numEntities, numRelations, tails.values.length, tails, heads);
  }

  /** Sorted distinct t with (h, r, t) known. A view: do not modify. */
  tailsOf(h: number, r: number): Int32Array {
    return lookup(this.tails, h * this.numRelations + r);
  }

  /** Sorted distinct h with (h, r, t) known. A view: do not modify. */
  headsOf(r: number, t: number): Int32Array {
    return lookup(this.heads, t * this.numRelations + r);
  }

  has(h: number, r: number, t: number): boolean {
    return binarySearch(this.tailsOf(h, r), t) >= 0;
  }
}

function toCsr(codes: Float64Array, numEntities: number): Csr {
  codes.sort();
  const keys: number[] = [];
  const offsets: number[] = [];
  const values = new Int32Array(codes.length);
  let n = 0;
  let prevCode = -1;
  let prevKey = -1;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === prevCode) continue;
    prevCode = code;
    const key = Math.floor(code / numEntities);
    if (key !== prevKey) {
      keys.push(key);
      offsets.push(n);
      prevKey = key;
    }
    values[n++] = code - key * numEntities;
  }
  offsets.push(n);
  return { keys: Float64Array.from(keys), offsets: Int32Array.from(offsets), values: values.slice(0, n) };
}

function lookup(csr: Csr, key: number): Int32Array {
  const { keys } = csr;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return csr.values.subarray(csr.offsets[mid]!, csr.offsets[mid + 1]!);
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return EMPTY;
}

/** Index of `x` in the sorted array `a`, or -1. */
export function binarySearch(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
