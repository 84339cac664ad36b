/** Public API of rank-based evaluation (see docs/evaluation.md and docs/metrics.md). */
export type { Scorer } from './scorer.js';
export { FilterIndex, type FilterIndexOptions } from './filter.js';
export { RANK_TYPES, rankInRow, rankAmong, RankBuffer, concatRanks, type Rank, type RankType, type QueryRanks } from './ranks.js';
export {
  DEFAULT_KS,
  normalizeKs,
  rankMetrics,
  rankTypeMetrics,
  summarizeRanks,
  metricKeys,
  harmonic,
  harmonic2,
  expectedMeanRank,
  varianceMeanRank,
  expectedMrr,
  varianceMrr,
  expectedHitsAt,
  varianceHitsAt,
  getMetric,
  resolveMetricPath,
  largerIsBetter,
  type Side,
  type MetricValues,
  type RankTypeMetrics,
  type RankingMetrics,
} from './metrics.js';
export {
  evaluateRanking,
  describeProtocol,
  filterSetsFor,
  isAllocationError,
  type RankingOptions,
  type RankingResult,
  type EvaluationProtocol,
  type ProtocolInput,
  type SampledOptions,
  type FilterSource,
  type FilterSetOptions,
} from './rank-evaluator.js';
export { classificationMetrics, type ClassificationMetrics } from './classification.js';
