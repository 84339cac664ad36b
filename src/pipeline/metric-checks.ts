import { ConfigError } from '../errors.js';
import { metricKeys, resolveMetricPath } from '../evaluation/metrics.js';
import { RANK_TYPES } from '../evaluation/ranks.js';
import type { PipelineConfig } from './types.js';

// Metric paths are checked against what the evaluator will produce before any training, so a
// typo costs a second, not a run. Used by the pipeline and by the sweep's preflight.

/**
 * Checks a metric path relative to a split (`both.realistic.mrr`, the form of
 * `stopper_kwargs.metric`) against what the evaluator produces for `config`.
 * @param shown the path as the user wrote it, for messages.
 */
export function checkSplitMetric(inner: string, config: PipelineConfig, shown: string, where: string): void {
  const parts = inner.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new ConfigError(`'${shown}' is not a metric path: after the split it needs <side>.<rank type>.<metric key>, e.g. both.realistic.mrr`, where);
  }
  const [side, rankType, key] = parts as [string, string, string];
  const sides = ['both', ...(config.evaluation.sides ?? ['head', 'tail'])];
  if (!sides.includes(side)) {
    const why = side === 'head' || side === 'tail' ? ` (evaluation.sides is [${(config.evaluation.sides ?? []).join(', ')}])` : '';
    throw new ConfigError(`unknown side '${side}' in '${shown}'${why}; valid sides: ${sides.join(', ')}`, where);
  }
  if (!(RANK_TYPES as readonly string[]).includes(rankType)) {
    throw new ConfigError(`unknown rank type '${rankType}' in '${shown}'; valid rank types: ${RANK_TYPES.join(', ')}`, where);
  }
  const ks = config.evaluation.ks ?? [1, 3, 5, 10];
  const keys = metricKeys(ks);
  if (!keys.includes(key)) {
    const hits = /^(?:adjusted_|z_)?hits_at_(\d+)$/.exec(key);
    const why = hits ? ` (hits_at_${hits[1]} needs ${hits[1]} in evaluation.ks, which is [${ks.join(', ')}])` : '';
    throw new ConfigError(`unknown metric key '${key}' in '${shown}'${why}; valid keys: ${keys.join(', ')}`, where);
  }
}

/**
 * The early stopper's metric is relative to the validation split (`both.realistic.mrr`); the
 * study metric's form (`valid.both.realistic.mrr`) there is a common slip, caught here.
 */
export function checkStopperMetric(config: PipelineConfig, where: string): void {
  // Only the built-in early stopper's metric is known to be split-relative (a plugin's may not be).
  const name = config.stopper ? config.stopper.toLowerCase().replace(/[-_\s.]/g, '').replace(/(.)stopper$/, '$1') : '';
  if (name !== 'early' && name !== 'earlystopping') return;
  const raw = config.stopper_kwargs.metric;
  if (raw === undefined || raw === null) return;
  const at = where ? `${where} stopper_kwargs.metric` : 'stopper_kwargs.metric';
  if (typeof raw !== 'string') throw new ConfigError(`must be a metric path such as both.realistic.mrr, got ${JSON.stringify(raw)}`, at);
  const first = raw.trim().split('.')[0];
  if (first === 'valid' || first === 'test') {
    throw new ConfigError(
      `'${raw}' starts with a split, but the stopper always reads the validation split and takes the path below it: ` +
        `write '${raw.trim().split('.').slice(1).join('.')}' (search.metric is the one that starts with the split)`,
      at,
    );
  }
  checkSplitMetric(resolveMetricPath(raw), config, raw, at);
}
