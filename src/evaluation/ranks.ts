/**
 * The rank of a true entity within one score row (higher score = more plausible), under the
 * three tie conventions PyKEEN reports:
 *   optimistic  = 1 + #{candidates scoring strictly higher than the true entity}
 *   pessimistic = 1 + #{candidates scoring higher or equal}
 *   realistic   = (optimistic + pessimistic) / 2  (the expected rank under random tie-breaking)
 * "Candidates" are all entities except the true one and the excluded (filtered) ones; the true
 * entity never counts against itself, even when it appears in the exclusion list.
 */
import { KgeError } from '../errors.js';

export type RankType = 'optimistic' | 'pessimistic' | 'realistic';
export const RANK_TYPES: readonly RankType[] = ['optimistic', 'realistic', 'pessimistic'];

export interface Rank {
  optimistic: number;
  pessimistic: number;
  realistic: number;
  /** Entities the true one competed against, plus the true one itself. */
  numCandidates: number;
}

/**
 * Ranks `row[trueIndex]` among all entries of `row` except the true one and `exclude`
 * (ids of other known answers; duplicates and the true id are tolerated).
 * Throws when the row contains NaN: comparisons with NaN are false, so a NaN model would
 * otherwise get rank 1 everywhere.
 */
export function rankInRow(
  row: ArrayLike<number>,
  trueIndex: number,
  exclude: ArrayLike<number> | null = null,
  where = 'rank',
): Rank {
  const n = row.length;
  if (!(trueIndex >= 0 && trueIndex < n)) {
    throw new KgeError(`true entity ${trueIndex} is outside the score row of length ${n}`, where);
  }
  const s = row[trueIndex]!;
  if (Number.isNaN(s)) throw nanError(where, trueIndex, true);
  // Branch-free counts: scores are unpredictable, so comparisons as 0/1 sums beat if/else.
  let greater = 0;
  let greaterEqual = 0;
  let nan = 0;
  for (let e = 0; e < n; e++) {
    const v = row[e]!;
    greater += +(v > s);
    greaterEqual += +(v === s);
    nan += +(v !== v);
  }
  if (nan > 0) {
    for (let e = 0; e < n; e++) if (Number.isNaN(row[e])) throw nanError(where, e, false);
  }
  greaterEqual += greater - 1; // the true entity tied with itself
  let candidates = n;
  if (exclude && exclude.length > 0) {
    const ids = sortedUnique(exclude);
    for (let j = 0; j < ids.length; j++) {
      const e = ids[j]!;
      if (e === trueIndex) continue;
      if (!(e >= 0 && e < n)) throw new KgeError(`excluded entity ${e} is outside the score row of length ${n}`, where);
      candidates--;
      const v = row[e]!;
      if (v > s) {
        greater--;
        greaterEqual--;
      } else if (v === s) {
        greaterEqual--;
      }
    }
  }
  const optimistic = 1 + greater;
  const pessimistic = 1 + greaterEqual;
  return { optimistic, pessimistic, realistic: 0.5 * (optimistic + pessimistic), numCandidates: candidates };
}

/**
 * Ranks `row[trueIndex]` among the listed candidate ids only (sampled evaluation). The true id
 * and duplicates in `candidates` are ignored; numCandidates counts distinct others + 1.
 */
export function rankAmong(row: ArrayLike<number>, trueIndex: number, candidates: ArrayLike<number>, where = 'rank'): Rank {
  const n = row.length;
  if (!(trueIndex >= 0 && trueIndex < n)) {
    throw new KgeError(`true entity ${trueIndex} is outside the score row of length ${n}`, where);
  }
  const s = row[trueIndex]!;
  if (Number.isNaN(s)) throw nanError(where, trueIndex, true);
  const ids = sortedUnique(candidates);
  let greater = 0;
  let greaterEqual = 0;
  let count = 1;
  for (let j = 0; j < ids.length; j++) {
    const e = ids[j]!;
    if (e === trueIndex) continue;
    if (!(e >= 0 && e < n)) throw new KgeError(`candidate entity ${e} is outside the score row of length ${n}`, where);
    count++;
    const v = row[e]!;
    if (v > s) {
      greater++;
      greaterEqual++;
    } else if (v === s) greaterEqual++;
    else if (v !== v) throw nanError(where, e, false);
  }
  const optimistic = 1 + greater;
  const pessimistic = 1 + greaterEqual;
  return { optimistic, pessimistic, realistic: 0.5 * (optimistic + pessimistic), numCandidates: count };
}

function nanError(where: string, entity: number, isTrue: boolean): KgeError {
  return new KgeError(
    `the scorer returned NaN for ${isTrue ? 'the true' : 'candidate'} entity ${entity}; ` +
      'a NaN score cannot be ranked (the model has probably diverged: lower the learning rate or check the loss)',
    where,
  );
}

/** Returns `a` itself when already strictly increasing, else a sorted de-duplicated copy. */
function sortedUnique(a: ArrayLike<number>): ArrayLike<number> {
  let ok = true;
  for (let i = 1; i < a.length; i++) {
    if (!(a[i]! > a[i - 1]!)) {
      ok = false;
      break;
    }
  }
  if (ok) return a;
  return Array.from(new Set(Array.from(a))).sort((x, y) => x - y);
}

/** Growable per-query rank storage (one side of one evaluation), typed arrays only. */
export class RankBuffer {
  private opt: Float64Array;
  private pess: Float64Array;
  private cand: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    const c = Math.max(1, capacity);
    this.opt = new Float64Array(c);
    this.pess = new Float64Array(c);
    this.cand = new Int32Array(c);
  }

  push(rank: Rank): void {
    if (this.n === this.opt.length) this.grow();
    this.opt[this.n] = rank.optimistic;
    this.pess[this.n] = rank.pessimistic;
    this.cand[this.n] = rank.numCandidates;
    this.n++;
  }

  get size(): number {
    return this.n;
  }

  /** Copies out the ranks collected so far, in push order. */
  toRanks(): QueryRanks {
    const optimistic = this.opt.slice(0, this.n);
    const pessimistic = this.pess.slice(0, this.n);
    const realistic = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) realistic[i] = 0.5 * (optimistic[i]! + pessimistic[i]!);
    return { optimistic, pessimistic, realistic, numCandidates: this.cand.slice(0, this.n) };
  }

  private grow(): void {
    const c = this.opt.length * 2;
    const o = new Float64Array(c);
    o.set(this.opt);
    const p = new Float64Array(c);
    p.set(this.pess);
    const k = new Int32Array(c);
    k.set(this.cand);
    this.opt = o;
    this.pess = p;
    this.cand = k;
  }
}

/** Ranks of a list of queries (e.g. all head predictions of a split), index i = query i. */
export interface QueryRanks {
  optimistic: Float64Array;
  pessimistic: Float64Array;
  realistic: Float64Array;
  numCandidates: Int32Array;
}

/** Concatenates rank lists (used for the `both` side). */
export function concatRanks(parts: readonly QueryRanks[]): QueryRanks {
  const total = parts.reduce((s, p) => s + p.numCandidates.length, 0);
  const out: QueryRanks = {
    optimistic: new Float64Array(total),
    pessimistic: new Float64Array(total),
    realistic: new Float64Array(total),
    numCandidates: new Int32Array(total),
  };
  let off = 0;
  for (const p of parts) {
    out.optimistic.set(p.optimistic, off);
    out.pessimistic.set(p.pessimistic, off);
    out.realistic.set(p.realistic, off);
    out.numCandidates.set(p.numCandidates, off);
    off += p.numCandidates.length;
  }
  return out;
}
