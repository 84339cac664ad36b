/**
 * Rank-based link-prediction evaluation: for each triple (h, r, t) and side, score every
 * entity, rank the true one (filtered or raw, or among sampled candidates) and summarize.
 * Queries go to the Scorer in batches through one reused Float32Array of B x numEntities.
 */
import { ConfigError, DataError, KgeError } from '../errors.js';
import { childRng, type Rng } from '../util/random.js';
import { log, ProgressBar } from '../util/progress.js';
import { binarySearch, FilterIndex } from './filter.js';
import { normalizeKs, summarizeRanks, type RankingMetrics, type Side } from './metrics.js';
import { RANK_TYPES, rankAmong, RankBuffer, rankInRow, type QueryRanks, type RankType } from './ranks.js';
import type { Scorer } from './scorer.js';
import type { SplitName } from '../data/report.js';

export interface SampledOptions {
  /** Negatives per query, drawn without replacement from the non-filtered other entities. */
  numNegatives: number;
  seed: number | string;
}

export interface RankingOptions {
  /** Sides to predict; default both. */
  sides?: readonly Side[];
  /** Exclude other known true answers from the candidates; default true. */
  filtered?: boolean;
  /**
   * Triple sets whose triples count as known answers (the caller passes train ∪ valid (∪ test),
   * see filterSetsFor). The evaluated triples are always added.
   */
  filterTriples?: readonly Int32Array[];
  /** A prebuilt index to reuse across calls (e.g. each early-stopping check); replaces filterTriples. */
  filterIndex?: FilterIndex;
  /** Names of the filter sets, for the protocol record (e.g. ['training', 'validation']). */
  filterSetNames?: readonly string[];
  /** Hits cut-offs; default [1, 3, 5, 10]. */
  ks?: readonly number[];
  /** Queries scored per Scorer call; found automatically when omitted. */
  batchSize?: number;
  /** Must equal scorer.numEntities when given. */
  numEntities?: number;
  /** The model was trained with inverse relations: predict heads of (h, r, t) as tails of (t, r + numBaseRelations). */
  inverse?: { numBaseRelations: number };
  /** Rank against sampled candidates instead of all entities (reported as sampled). */
  sampled?: SampledOptions;
  /** Name of the evaluated split for the protocol record (e.g. 'testing'). */
  split?: string;
  /** Progress bar label; default 'evaluating'. */
  progressLabel?: string;
  /** No progress bar and no log line. */
  quiet?: boolean;
  /** Return the per-query ranks (in triple order) with the metrics. */
  returnRanks?: boolean;
  /** Start value of the automatic batch-size search; default 1024. */
  maxBatchSize?: number;
}

/** What produced the numbers; stored next to the metrics in metrics.json. */
export interface EvaluationProtocol {
  evaluator: 'rank-based' | 'sampled-rank-based';
  split: string | null;
  sides: Side[];
  filtered: boolean;
  /** Names of the filter sets; the evaluated triples are always among the filtered answers. */
  filter_sets: string[];
  rank_types: RankType[];
  ks: number[];
  /** 'all entities' or 'sampled'. */
  candidates: 'all entities' | 'sampled';
  num_entities: number;
  num_triples: number;
  num_queries: { head: number; tail: number; total: number };
  /** Candidates per query after filtering/sampling (including the true entity), per side. */
  num_candidates: Partial<Record<Side, { min: number; max: number; mean: number }>>;
  inverse_relations: { num_base_relations: number } | null;
  sampled: { num_negatives: number; seed: number | string } | null;
}

export interface RankingResult {
  metrics: RankingMetrics;
  protocol: EvaluationProtocol;
  /** Batch size used (reuse it for the next call to skip the search). */
  batchSize: number;
  /** Per-query ranks, when returnRanks was set; index i is triple i. */
  ranks?: Partial<Record<Side, QueryRanks>>;
}

const DEFAULT_MAX_BATCH = 1024;
/** Upper bound of the reused score buffer for the automatic batch size (bytes). */
const AUTO_BUFFER_BYTES = 256 * 1024 * 1024;

/** Evaluates `triples` (3*n ids) with the scorer and returns metrics and protocol. */
export function evaluateRanking(scorer: Scorer, triples: Int32Array, options: RankingOptions = {}): RankingResult {
  const where = `evaluation${options.split ? ` (${options.split})` : ''}`;
  const numEntities = scorer.numEntities;
  if (options.numEntities !== undefined && options.numEntities !== numEntities) {
    throw new ConfigError(`numEntities is ${options.numEntities} but the scorer has ${numEntities}`, where);
  }
  const sides = normalizeSides(options.sides, where);
  const ks = normalizeKs(options.ks ?? undefined, `${where}: ks`);
  const filtered = options.filtered ?? true;
  const base = options.inverse?.numBaseRelations;
  if (base !== undefined && !(Number.isInteger(base) && base > 0)) {
    throw new ConfigError(`inverse.numBaseRelations must be a positive integer, got ${base}`, where);
  }
  checkTriples(triples, numEntities, base, where);
  const sampled = options.sampled;
  if (sampled && !(Number.isInteger(sampled.numNegatives) && sampled.numNegatives >= 1)) {
    throw new ConfigError(`sampled.numNegatives must be a positive integer, got ${sampled.numNegatives}`, where);
  }
  const n = triples.length / 3;

  let index: FilterIndex | null = null;
  if (filtered) {
    index =
      options.filterIndex ??
      FilterIndex.build([...(options.filterTriples ?? []), triples], { numEntities, numBaseRelations: base });
    if (index.numEntities !== numEntities) {
      throw new ConfigError(`the filter index has ${index.numEntities} entities, the scorer ${numEntities}`, where);
    }
  }

  const auto = options.batchSize === undefined;
  if (!auto && !(Number.isInteger(options.batchSize) && options.batchSize! >= 1)) {
    throw new ConfigError(`batchSize must be a positive integer, got ${options.batchSize}`, where);
  }
  const maxBatch = options.maxBatchSize ?? DEFAULT_MAX_BATCH;
  let batch = auto
    ? Math.max(1, Math.min(maxBatch, n, Math.floor(AUTO_BUFFER_BYTES / (4 * Math.max(1, numEntities)))))
    : Math.min(options.batchSize!, Math.max(1, n));

  const bar = new ProgressBar({
    label: options.progressLabel ?? 'evaluating',
    total: n * sides.length,
    unit: 'queries',
    quiet: options.quiet,
  });
  const ranks: Partial<Record<Side, QueryRanks>> = {};
  let scores: Float32Array | null = null;
  const qa = new Int32Array(batch);
  const qb = new Int32Array(batch);

  for (const side of sides) {
    const buf = new RankBuffer(n);
    const rng = sampled ? childRng(sampled.seed, `sampled-evaluation/${side}`) : null;
    let start = 0;
    while (start < n) {
      const b = Math.min(batch, n - start);
      try {
        if (!scores || scores.length < b * numEntities) scores = new Float32Array(batch * numEntities);
        const out = scores.subarray(0, b * numEntities);
        scoreBatch(scorer, triples, start, b, side, base, qa, qb, out);
        for (let i = 0; i < b; i++) {
          const q = start + i;
          const h = triples[3 * q]!;
          const r = triples[3 * q + 1]!;
          const t = triples[3 * q + 2]!;
          const trueId = side === 'tail' ? t : h;
          const known = index ? (side === 'tail' ? index.tailsOf(h, r) : index.headsOf(r, t)) : null;
          const row = out.subarray(i * numEntities, (i + 1) * numEntities);
          const at = `${where}: ${side} prediction for triple ${q} (${h}, ${r}, ${t})`;
          if (rng) {
            const cands = sampleCandidates(rng, numEntities, trueId, known, sampled!.numNegatives);
            buf.push(rankAmong(row, trueId, cands, at));
          } else {
            buf.push(rankInRow(row, trueId, known, at));
          }
        }
      } catch (err) {
        if (auto && batch > 1 && isAllocationError(err)) {
          // Retry the same queries with half the batch; the buffer shrinks with it.
          batch = Math.max(1, batch >> 1);
          scores = null;
          if (!options.quiet) log.info(`evaluation: out of memory, retrying with batch size ${batch}`);
          continue;
        }
        throw err;
      }
      start += b;
      bar.tick(b);
    }
    ranks[side] = buf.toRanks();
  }
  bar.finish();
  if (auto && !options.quiet) log.info(`evaluation batch size: ${batch} (automatic)`);

  const filterSetNames =
    options.filterSetNames ?? (options.filterIndex ? ['prebuilt index'] : (options.filterTriples ?? []).map((_, i) => `set[${i}]`));
  const protocol = describeProtocol({ ...options, sides, ks, filtered, filterSetNames, numEntities, numTriples: n, ranks });
  const result: RankingResult = { metrics: summarizeRanks(ranks, ks), protocol, batchSize: batch };
  if (options.returnRanks) result.ranks = ranks;
  return result;
}

function scoreBatch(
  scorer: Scorer,
  triples: Int32Array,
  start: number,
  b: number,
  side: Side,
  base: number | undefined,
  qa: Int32Array,
  qb: Int32Array,
  out: Float32Array,
): void {
  const a = qa.subarray(0, b);
  const c = qb.subarray(0, b);
  if (side === 'tail') {
    for (let i = 0; i < b; i++) {
      a[i] = triples[3 * (start + i)]!;
      c[i] = triples[3 * (start + i) + 1]!;
    }
    scorer.scoreTails(a, c, out);
  } else if (base !== undefined) {
    // (?, r, t) is the tail query (t, r_inv, ?) of the inverse relation.
    for (let i = 0; i < b; i++) {
      a[i] = triples[3 * (start + i) + 2]!;
      c[i] = triples[3 * (start + i) + 1]! + base;
    }
    scorer.scoreTails(a, c, out);
  } else {
    for (let i = 0; i < b; i++) {
      a[i] = triples[3 * (start + i) + 1]!;
      c[i] = triples[3 * (start + i) + 2]!;
    }
    scorer.scoreHeads(a, c, out);
  }
}

/**
 * Up to k distinct entities other than the true one and the known answers, uniformly without
 * replacement. Rejection sampling while the pool is large, explicit enumeration otherwise.
 */
function sampleCandidates(rng: Rng, numEntities: number, trueId: number, known: Int32Array | null, k: number): Int32Array {
  let knownOthers = 0;
  if (known) for (let j = 0; j < known.length; j++) if (known[j] !== trueId) knownOthers++;
  const pool = numEntities - 1 - knownOthers;
  const take = Math.min(k, pool);
  const out = new Int32Array(take);
  const banned = (e: number) => e === trueId || (known !== null && binarySearch(known, e) >= 0);
  if (take * 2 < pool) {
    const chosen = new Set<number>();
    let m = 0;
    while (m < take) {
      const e = rng.int(numEntities);
      if (banned(e) || chosen.has(e)) continue;
      chosen.add(e);
      out[m++] = e;
    }
  } else {
    const all = new Int32Array(pool);
    let m = 0;
    for (let e = 0; e < numEntities; e++) if (!banned(e)) all[m++] = e;
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(pool - i);
      const tmp = all[i]!;
      all[i] = all[j]!;
      all[j] = tmp;
      out[i] = all[i]!;
    }
  }
  return out.sort();
}

/** RangeError from typed-array allocation, or a tfjs / backend out-of-memory error. */
export function isAllocationError(err: unknown): boolean {
  if (err instanceof KgeError) return false;
  if (err instanceof RangeError) return /alloc|length|memory|size/i.test(err.message);
  const msg = err instanceof Error ? err.message : String(err);
  return /\bOOM\b|out of memory|failed to allocate|allocation fail/i.test(msg);
}

function normalizeSides(sides: readonly Side[] | undefined, where: string): Side[] {
  const list = sides ?? ['head', 'tail'];
  if (list.length === 0) throw new ConfigError('sides must name at least one of head, tail', where);
  for (const s of list) {
    if (s !== 'head' && s !== 'tail') throw new ConfigError(`unknown side '${String(s)}'; use 'head' or 'tail'`, where);
  }
  // Fixed order so results and the pooled `both` do not depend on how the list was written.
  return (['head', 'tail'] as const).filter((s) => list.includes(s));
}

function checkTriples(triples: Int32Array, numEntities: number, base: number | undefined, where: string): void {
  if (!(triples instanceof Int32Array) || triples.length % 3 !== 0) {
    throw new DataError('triples must be an Int32Array of length 3 * n', where);
  }
  for (let i = 0; i < triples.length; i += 3) {
    const h = triples[i]!;
    const r = triples[i + 1]!;
    const t = triples[i + 2]!;
    if (h < 0 || h >= numEntities || t < 0 || t >= numEntities || r < 0 || (base !== undefined && r >= base)) {
      const rel = base !== undefined ? ` (relations must be base relations < ${base} in inverse mode)` : '';
      throw new DataError(`triple ${i / 3} (${h}, ${r}, ${t}) has an id out of range for ${numEntities} entities${rel}`, where);
    }
  }
}

export interface ProtocolInput {
  split?: string;
  sides?: readonly Side[];
  filtered?: boolean;
  filterSetNames?: readonly string[];
  ks?: readonly number[];
  numEntities: number;
  numTriples: number;
  inverse?: { numBaseRelations: number };
  sampled?: SampledOptions;
  /** Ranks of the run, for the candidate counts; omitted counts read as all entities. */
  ranks?: Partial<Record<Side, QueryRanks>>;
}

/** The protocol record of an evaluation (also usable before running one). */
export function describeProtocol(input: ProtocolInput): EvaluationProtocol {
  const sides = normalizeSides(input.sides, 'evaluation protocol');
  const filtered = input.filtered ?? true;
  const numCandidates: EvaluationProtocol['num_candidates'] = {};
  for (const side of sides) {
    const r = input.ranks?.[side];
    if (r && r.numCandidates.length > 0) {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const c of r.numCandidates) {
        if (c < min) min = c;
        if (c > max) max = c;
        sum += c;
      }
      numCandidates[side] = { min, max, mean: sum / r.numCandidates.length };
    } else if (!filtered && !input.sampled) {
      numCandidates[side] = { min: input.numEntities, max: input.numEntities, mean: input.numEntities };
    }
  }
  const perSide = input.numTriples;
  return {
    evaluator: input.sampled ? 'sampled-rank-based' : 'rank-based',
    split: input.split ?? null,
    sides,
    filtered,
    filter_sets: filtered ? [...(input.filterSetNames ?? [])] : [],
    rank_types: [...RANK_TYPES],
    ks: normalizeKs(input.ks ?? undefined),
    candidates: input.sampled ? 'sampled' : 'all entities',
    num_entities: input.numEntities,
    num_triples: input.numTriples,
    num_queries: {
      head: sides.includes('head') ? perSide : 0,
      tail: sides.includes('tail') ? perSide : 0,
      total: perSide * sides.length,
    },
    num_candidates: numCandidates,
    inverse_relations: input.inverse ? { num_base_relations: input.inverse.numBaseRelations } : null,
    sampled: input.sampled ? { num_negatives: input.sampled.numNegatives, seed: input.sampled.seed } : null,
  };
}

/** The part of a Dataset that filterSetsFor reads. */
export interface FilterSource {
  training: { mappedTriples: Int32Array };
  validation?: { mappedTriples: Int32Array };
  testing?: { mappedTriples: Int32Array };
}

export interface FilterSetOptions {
  /** Extra known-answer sets, named additional[0], additional[1], ... */
  additional_filter_triples?: readonly Int32Array[];
  /** When evaluating the test split, also filter validation triples; default true. */
  filter_validation_when_testing?: boolean;
}

/**
 * Default filter sets per evaluated split: training -> train; validation -> train ∪ valid;
 * testing -> train ∪ valid ∪ test (train ∪ test with filter_validation_when_testing = false).
 */
export function filterSetsFor(
  split: SplitName | 'train' | 'valid' | 'test',
  dataset: FilterSource,
  options: FilterSetOptions = {},
): { triples: Int32Array[]; names: string[] } {
  const canonical: SplitName =
    split === 'train' ? 'training' : split === 'valid' ? 'validation' : split === 'test' ? 'testing' : split;
  if (!['training', 'validation', 'testing'].includes(canonical)) {
    throw new ConfigError(`unknown split '${split}'; use training, validation or testing`, 'filter sets');
  }
  const wanted: SplitName[] =
    canonical === 'training'
      ? ['training']
      : canonical === 'validation'
        ? ['training', 'validation']
        : options.filter_validation_when_testing === false
          ? ['training', 'testing']
          : ['training', 'validation', 'testing'];
  const triples: Int32Array[] = [];
  const names: string[] = [];
  for (const name of wanted) {
    const part = dataset[name];
    if (!part) {
      if (name === canonical) throw new DataError(`the dataset has no ${name} split to evaluate`, 'filter sets');
      // A dataset without a validation split simply has no validation answers to filter.
      continue;
    }
    triples.push(part.mappedTriples);
    names.push(name);
  }
  (options.additional_filter_triples ?? []).forEach((t, i) => {
    triples.push(t);
    names.push(`additional[${i}]`);
  });
  return { triples, names };
}
