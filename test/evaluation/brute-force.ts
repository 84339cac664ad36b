/**
 * Slow, obviously-correct reference implementations for tests: a Scorer over a score
 * function, and ranks computed by sorting each query's candidate scores.
 */
import type { Scorer } from '../../src/evaluation/scorer.js';

export type ScoreFn = (h: number, r: number, t: number) => number;

/** A Scorer that calls `f` for every (query, entity) pair. Optionally throws for large batches. */
export class FunctionScorer implements Scorer {
  calls = 0;
  maxBatchSeen = 0;
  constructor(
    readonly numEntities: number,
    private readonly f: ScoreFn,
    private readonly failAbove?: { batch: number; error: () => Error },
  ) {}

  scoreTails(h: Int32Array, r: Int32Array, out: Float32Array): void {
    this.check(h.length, out);
    for (let i = 0; i < h.length; i++) {
      for (let e = 0; e < this.numEntities; e++) out[i * this.numEntities + e] = this.f(h[i]!, r[i]!, e);
    }
  }

  scoreHeads(r: Int32Array, t: Int32Array, out: Float32Array): void {
    this.check(r.length, out);
    for (let i = 0; i < r.length; i++) {
      for (let e = 0; e < this.numEntities; e++) out[i * this.numEntities + e] = this.f(e, r[i]!, t[i]!);
    }
  }

  private check(b: number, out: Float32Array): void {
    if (this.failAbove && b > this.failAbove.batch) throw this.failAbove.error();
    if (out.length < b * this.numEntities) throw new Error(`output buffer too small: ${out.length} < ${b} x ${this.numEntities}`);
    this.calls++;
    this.maxBatchSeen = Math.max(this.maxBatchSeen, b);
  }
}

export interface BruteRank {
  optimistic: number;
  pessimistic: number;
  realistic: number;
  numCandidates: number;
}

/** Set of "h,r,t" strings of the given triple sets. */
export function knownSet(sets: readonly Int32Array[]): Set<string> {
  const s = new Set<string>();
  for (const set of sets) for (let i = 0; i < set.length; i += 3) s.add(`${set[i]},${set[i + 1]},${set[i + 2]}`);
  return s;
}

/**
 * Rank of the true entity of `triple` on `side` by sorting: candidates are all entities whose
 * corrupted triple is not in `known` (the true entity always stays). Scores are rounded to
 * float32 like the Scorer's output buffer.
 */
export function bruteForceRanks(
  scoreFn: ScoreFn,
  triple: ArrayLike<number>,
  side: 'head' | 'tail',
  numEntities: number,
  known: Set<string> | null,
): BruteRank {
  const [h, r, t] = [triple[0]!, triple[1]!, triple[2]!];
  const trueId = side === 'tail' ? t : h;
  const scored: number[] = [];
  let trueScore = NaN;
  for (let e = 0; e < numEntities; e++) {
    const [hh, tt] = side === 'tail' ? [h, e] : [e, t];
    const s = Math.fround(scoreFn(hh, r, tt));
    if (e === trueId) trueScore = s;
    else if (known && known.has(`${hh},${r},${tt}`)) continue;
    scored.push(s);
  }
  scored.sort((a, b) => b - a);
  const first = scored.indexOf(trueScore);
  const last = scored.lastIndexOf(trueScore);
  return {
    optimistic: first + 1,
    pessimistic: last + 1,
    realistic: (first + last + 2) / 2,
    numCandidates: scored.length,
  };
}

/** Brute-force ranks of every triple on each side, in triple order. */
export function bruteForceAll(
  scoreFn: ScoreFn,
  triples: Int32Array,
  numEntities: number,
  known: Set<string> | null,
): { head: BruteRank[]; tail: BruteRank[] } {
  const head: BruteRank[] = [];
  const tail: BruteRank[] = [];
  for (let i = 0; i < triples.length; i += 3) {
    const tr = triples.subarray(i, i + 3);
    head.push(bruteForceRanks(scoreFn, tr, 'head', numEntities, known));
    tail.push(bruteForceRanks(scoreFn, tr, 'tail', numEntities, known));
  }
  return { head, tail };
}

/** Deterministic pseudo-random integer in [0, m) from a few ints (for scores with many ties). */
export function hashInt(m: number, ...xs: number[]): number {
  let x = 0x9e3779b9;
  for (const v of xs) {
    x ^= v + 0x7f4a7c15 + (x << 6) + (x >>> 2);
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x ^= x >>> 16;
  }
  return (x >>> 0) % m;
}

/** Metrics computed straight from their definitions (sums over explicit uniform distributions). */
export function definitionMetrics(ranks: number[], cands: number[], ks: number[]): Record<string, number> {
  const n = ranks.length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sorted = [...ranks].sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  // Per-query expectation and variance of g(rank) for rank ~ U{1..N}, by enumeration.
  const moments = (g: (r: number) => number) => {
    let e = 0;
    let v = 0;
    for (const N of cands) {
      const vals = Array.from({ length: N }, (_, i) => g(i + 1));
      const ei = mean(vals);
      e += ei;
      v += mean(vals.map((x) => (x - ei) ** 2));
    }
    return { e: e / n, v: v / (n * n) };
  };
  const out: Record<string, number> = { count: n };
  const mr = mean(ranks);
  const mrr = mean(ranks.map((r) => 1 / r));
  out.mean_rank = mr;
  out.mrr = mrr;
  out.median_rank = median;
  out.geometric_mean_rank = Math.pow(ranks.reduce((a, b) => a * b, 1), 1 / n);
  out.harmonic_mean_rank = n / ranks.reduce((a, r) => a + 1 / r, 0);
  const hits = ks.map((k) => mean(ranks.map((r) => (r <= k ? 1 : 0))));
  ks.forEach((k, j) => (out[`hits_at_${k}`] = hits[j]!));
  const mM = moments((r) => r);
  const rM = moments((r) => 1 / r);
  const hM = ks.map((k) => moments((r) => (r <= k ? 1 : 0)));
  out.adjusted_mean_rank = mr / mM.e;
  out.adjusted_mean_rank_index = 1 - (mr - 1) / (mM.e - 1);
  out.adjusted_mrr = (mrr - rM.e) / (1 - rM.e);
  ks.forEach((k, j) => (out[`adjusted_hits_at_${k}`] = (hits[j]! - hM[j]!.e) / (1 - hM[j]!.e)));
  out.z_mean_rank = (mM.e - mr) / Math.sqrt(mM.v);
  out.z_mrr = (mrr - rM.e) / Math.sqrt(rM.v);
  ks.forEach((k, j) => (out[`z_hits_at_${k}`] = (hits[j]! - hM[j]!.e) / Math.sqrt(hM[j]!.v)));
  return out;
}
