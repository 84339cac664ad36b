/**
 * Rank-based metrics with PyKEEN semantics (definitions in docs/metrics.md).
 *
 * Chance-adjusted metrics compare against a model that ranks each query uniformly at random:
 * query i with N_i candidates then has rank ~ U{1..N_i}, so
 *   E[r] = (N+1)/2,          Var[r]   = (N^2-1)/12
 *   E[1/r] = H(N)/N,         Var[1/r] = H2(N)/N - (H(N)/N)^2
 *   E[r<=k] = min(k,N)/N,    Var      = p(1-p)
 * and for a mean over n independent queries E = mean of E_i, Var = sum(Var_i) / n^2.
 */
import { ConfigError } from '../errors.js';
import { concatRanks, RANK_TYPES, type QueryRanks, type RankType } from './ranks.js';

export const DEFAULT_KS: readonly number[] = [1, 3, 5, 10];

export type Side = 'head' | 'tail';
export type MetricValues = Record<string, number>;
export type RankTypeMetrics = Record<RankType, MetricValues>;
/** `head`/`tail` are present when that side was evaluated; `both` pools all queries. */
export interface RankingMetrics {
  head?: RankTypeMetrics;
  tail?: RankTypeMetrics;
  both: RankTypeMetrics;
}

/** Validates hit cut-offs: positive integers, sorted, de-duplicated (one key per k). */
export function normalizeKs(ks: readonly number[] = DEFAULT_KS, where = 'evaluation.ks'): number[] {
  if (!Array.isArray(ks) || ks.length === 0) throw new ConfigError('ks must be a non-empty list of positive integers', where);
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1) throw new ConfigError(`hits cut-off must be a positive integer, got ${JSON.stringify(k)}`, where);
  }
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Harmonic numbers H_p(n) = sum_{i=1..n} i^-p for p = 1 and p = 2, cached up to the largest n seen. */
class HarmonicTable {
  private h1 = new Float64Array([0]);
  private h2 = new Float64Array([0]);

  private ensure(n: number): void {
    if (n < this.h1.length) return;
    const size = Math.max(n + 1, this.h1.length * 2);
    const h1 = new Float64Array(size);
    const h2 = new Float64Array(size);
    h1.set(this.h1);
    h2.set(this.h2);
    for (let i = this.h1.length; i < size; i++) {
      h1[i] = h1[i - 1]! + 1 / i;
      h2[i] = h2[i - 1]! + 1 / (i * i);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  h(n: number): number {
    this.ensure(n);
    return this.h1[n]!;
  }

  h2Of(n: number): number {
    this.ensure(n);
    return this.h2[n]!;
  }
}

const harmonicTable = new HarmonicTable();

/** H(n) = 1 + 1/2 + ... + 1/n. */
export function harmonic(n: number): number {
  return harmonicTable.h(n);
}

/** H2(n) = 1 + 1/4 + ... + 1/n^2. */
export function harmonic2(n: number): number {
  return harmonicTable.h2Of(n);
}

/** Expectation and variance of one query's statistic under uniform random ranking. */
interface Moments {
  expectation(n: number): number;
  variance(n: number): number;
}

const RANK_MOMENTS: Moments = {
  expectation: (n) => (n + 1) / 2,
  variance: (n) => (n * n - 1) / 12,
};

const RECIPROCAL_MOMENTS: Moments = {
  expectation: (n) => harmonic(n) / n,
  // Clamped at 0: the two terms nearly cancel for n = 1.
  variance: (n) => Math.max(0, harmonic2(n) / n - (harmonic(n) / n) ** 2),
};

function hitsMoments(k: number): Moments {
  return {
    expectation: (n) => Math.min(k, n) / n,
    variance: (n) => {
      const p = Math.min(k, n) / n;
      return p * (1 - p);
    },
  };
}

/** E and Var of the mean of the statistic over the queries (independent, uniform ranks). */
function meanMoments(numCandidates: ArrayLike<number>, m: Moments): { expectation: number; variance: number } {
  const n = numCandidates.length;
  let e = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = numCandidates[i]!;
    e += m.expectation(c);
    v += m.variance(c);
  }
  return { expectation: e / n, variance: v / (n * n) };
}

/** Expected mean rank of uniform random ranking: mean of (N_i + 1) / 2. */
export function expectedMeanRank(numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, RANK_MOMENTS).expectation;
}

/** Variance of the mean rank under uniform random ranking: sum((N_i^2 - 1)/12) / n^2. */
export function varianceMeanRank(numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, RANK_MOMENTS).variance;
}

/** Expected MRR of uniform random ranking: mean of H(N_i) / N_i. */
export function expectedMrr(numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, RECIPROCAL_MOMENTS).expectation;
}

/** Variance of the MRR under uniform random ranking. */
export function varianceMrr(numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, RECIPROCAL_MOMENTS).variance;
}

/** Expected hits@k of uniform random ranking: mean of min(k, N_i) / N_i. */
export function expectedHitsAt(k: number, numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, hitsMoments(k)).expectation;
}

/** Variance of hits@k under uniform random ranking. */
export function varianceHitsAt(k: number, numCandidates: ArrayLike<number>): number {
  return meanMoments(numCandidates, hitsMoments(k)).variance;
}

/** (m - E) / (1 - E): 0 for random ranking, 1 for a perfect one. */
function reindex(m: number, e: number): number {
  const d = 1 - e;
  // Every query has a single candidate: nothing to adjust, the metric is trivially perfect.
  return d === 0 ? 0 : (m - e) / d;
}

/** (m - E) / sd, or 0 when the statistic cannot vary (all N_i = 1). */
function zScore(m: number, e: number, variance: number): number {
  return variance > 0 ? (m - e) / Math.sqrt(variance) : 0;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
}

/**
 * All metrics of one list of ranks with their per-query candidate counts. Keys, in order:
 * count, mean_rank, mrr, median_rank, geometric_mean_rank, harmonic_mean_rank, hits_at_<k>,
 * adjusted_mean_rank, adjusted_mean_rank_index, adjusted_mrr, adjusted_hits_at_<k>,
 * z_mean_rank, z_mrr, z_hits_at_<k>. With no ranks, count is 0 and every other value NaN.
 */
export function rankMetrics(
  ranks: ArrayLike<number>,
  numCandidates: ArrayLike<number>,
  ks: readonly number[] = DEFAULT_KS,
): MetricValues {
  if (ranks.length !== numCandidates.length) {
    throw new ConfigError(`got ${ranks.length} ranks but ${numCandidates.length} candidate counts`, 'rank metrics');
  }
  const kList = normalizeKs(ks);
  const n = ranks.length;
  const out: MetricValues = { count: n };
  if (n === 0) {
    for (const key of metricKeys(kList)) if (key !== 'count') out[key] = NaN;
    return out;
  }
  let sum = 0;
  let sumInv = 0;
  let sumLog = 0;
  const hits = new Float64Array(kList.length);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    if (!(r >= 1 && r <= numCandidates[i]!)) {
      throw new ConfigError(`rank ${r} of query ${i} is outside [1, ${numCandidates[i]}]`, 'rank metrics');
    }
    sum += r;
    sumInv += 1 / r;
    sumLog += Math.log(r);
    for (let j = 0; j < kList.length; j++) if (r <= kList[j]!) hits[j] += 1;
  }
  const meanRank = sum / n;
  const mrr = sumInv / n;
  const sorted = Float64Array.from(ranks).sort();

  out.mean_rank = meanRank;
  out.mrr = mrr;
  out.median_rank = median(sorted);
  out.geometric_mean_rank = Math.exp(sumLog / n);
  out.harmonic_mean_rank = 1 / mrr;
  const hitValues = Array.from(hits, (h) => h / n);
  kList.forEach((k, j) => (out[`hits_at_${k}`] = hitValues[j]!));

  const mr = meanMoments(numCandidates, RANK_MOMENTS);
  const rr = meanMoments(numCandidates, RECIPROCAL_MOMENTS);
  const hm = kList.map((k) => meanMoments(numCandidates, hitsMoments(k)));

  out.adjusted_mean_rank = meanRank / mr.expectation;
  // AMRI = 1 - (MR - 1) / (E[MR] - 1); E[MR] = 1 only when every N_i = 1.
  out.adjusted_mean_rank_index = mr.expectation === 1 ? 0 : 1 - (meanRank - 1) / (mr.expectation - 1);
  out.adjusted_mrr = reindex(mrr, rr.expectation);
  kList.forEach((k, j) => (out[`adjusted_hits_at_${k}`] = reindex(hitValues[j]!, hm[j]!.expectation)));

  // Mean rank is better when smaller: as in PyKEEN, its z-score is (E - MR) / sd so that a
  // larger z always means a better-than-random model.
  out.z_mean_rank = zScore(mr.expectation, meanRank, mr.variance);
  out.z_mrr = zScore(mrr, rr.expectation, rr.variance);
  kList.forEach((k, j) => (out[`z_hits_at_${k}`] = zScore(hitValues[j]!, hm[j]!.expectation, hm[j]!.variance)));
  return out;
}

/** The metric keys rankMetrics produces for the given ks, in output order. */
export function metricKeys(ks: readonly number[] = DEFAULT_KS): string[] {
  const kList = normalizeKs(ks);
  return [
    'count',
    'mean_rank',
    'mrr',
    'median_rank',
    'geometric_mean_rank',
    'harmonic_mean_rank',
    ...kList.map((k) => `hits_at_${k}`),
    'adjusted_mean_rank',
    'adjusted_mean_rank_index',
    'adjusted_mrr',
    ...kList.map((k) => `adjusted_hits_at_${k}`),
    'z_mean_rank',
    'z_mrr',
    ...kList.map((k) => `z_hits_at_${k}`),
  ];
}

/** Metrics for every rank type of one list of queries. */
export function rankTypeMetrics(ranks: QueryRanks, ks: readonly number[] = DEFAULT_KS): RankTypeMetrics {
  const out = {} as RankTypeMetrics;
  for (const type of RANK_TYPES) out[type] = rankMetrics(ranks[type], ranks.numCandidates, ks);
  return out;
}

/** Metrics per evaluated side and pooled over both (`both` = head and tail queries together). */
export function summarizeRanks(sides: Partial<Record<Side, QueryRanks>>, ks: readonly number[] = DEFAULT_KS): RankingMetrics {
  const parts: QueryRanks[] = [];
  const out: Partial<RankingMetrics> = {};
  for (const side of ['head', 'tail'] as const) {
    const r = sides[side];
    if (!r) continue;
    out[side] = rankTypeMetrics(r, ks);
    parts.push(r);
  }
  out.both = rankTypeMetrics(concatRanks(parts), ks);
  return out as RankingMetrics;
}

/** Keys that are better when smaller (everything else is better when larger). */
const SMALLER_IS_BETTER = new Set(['mean_rank', 'median_rank', 'geometric_mean_rank', 'harmonic_mean_rank', 'adjusted_mean_rank']);

/** Whether larger values of the metric at the end of `path` are better. */
export function largerIsBetter(path: string): boolean {
  const leaf = path.split('.').pop() ?? path;
  return !SMALLER_IS_BETTER.has(leaf);
}

/**
 * Expands a metric name to a full dotted path: a bare key (`mrr`, `hits_at_10`) means
 * `both.realistic.<key>`; `hits@k` is accepted for `hits_at_k`.
 */
export function resolveMetricPath(path: string): string {
  const p = path.trim().replace(/hits@(\d+)/g, 'hits_at_$1');
  return p.includes('.') ? p : `both.realistic.${p}`;
}

/**
 * Reads a number at a dotted path (`both.realistic.mrr`) from a metrics object or from an
 * evaluation result holding one under `metrics`.
 */
export function getMetric(source: unknown, path: string, where = 'metric'): number {
  const full = resolveMetricPath(path);
  const root =
    source && typeof source === 'object' && 'metrics' in source && !('both' in source)
      ? (source as { metrics: unknown }).metrics
      : source;
  let cur: unknown = root;
  const parts = full.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!cur || typeof cur !== 'object' || !(part in cur)) {
      const at = parts.slice(0, i).join('.') || '(top level)';
      const choices = cur && typeof cur === 'object' ? Object.keys(cur).join(', ') : '(none: not an object)';
      throw new ConfigError(`no metric '${full}': '${part}' not found under ${at}; available: ${choices}`, where);
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur !== 'number') throw new ConfigError(`'${full}' is not a number`, where);
  return cur;
}
