import { ConfigError } from '../errors.js';
import type { Dataset } from '../data/index.js';
import type { Model } from '../models/model.js';
import type { TrainingEngine } from '../training/engines/engine.js';
import { evaluateRanking, filterSetsFor, FilterIndex } from '../evaluation/index.js';
import type { PipelineConfig } from './types.js';

/**
 * Evaluates one split of a run with the protocol's default filter sets: used after training,
 * for early stopping (with a cache), and by `kge evaluate`.
 */
export function evaluateSplit(engine: TrainingEngine, model: Model, dataset: Dataset, split: 'valid' | 'test', config: PipelineConfig, quiet: boolean, cache?: EvalCache) {
  const factory = split === 'valid' ? dataset.validation : dataset.testing;
  if (!factory) throw new ConfigError(`the dataset has no ${split} split; remove '${split}' from evaluation.splits`, 'evaluation.splits');
  const filters = filterSetsFor(split, dataset, { filter_validation_when_testing: config.evaluation.filter_validation_when_testing });
  const inverse = dataset.training.createInverseTriples ? { numBaseRelations: dataset.training.numBaseRelations } : undefined;
  // Early stopping evaluates valid many times: build its filter index once, keep the batch size found.
  if (cache && !cache.filterIndex && config.evaluation.filtered !== false) {
    cache.filterIndex = FilterIndex.build([...filters.triples, factory.mappedTriples], {
      numEntities: dataset.training.numEntities,
      numRelations: dataset.training.numRelations,
      numBaseRelations: inverse?.numBaseRelations,
    });
  }
  const scorer = engine.scorer(model);
  try {
    const result = evaluateRanking(scorer, factory.mappedTriples, {
      split,
      sides: config.evaluation.sides,
      filtered: config.evaluation.filtered,
      filterTriples: filters.triples,
      filterSetNames: filters.names,
      ks: config.evaluation.ks,
      filterIndex: cache?.filterIndex,
      batchSize: config.evaluation.batch_size ?? cache?.batchSize,
      inverse,
      sampled: config.evaluation.num_negatives ? { numNegatives: config.evaluation.num_negatives, seed: config.seed } : undefined,
      progressLabel: `evaluating ${split}`,
      quiet,
    });
    if (cache) cache.batchSize = result.batchSize;
    return result;
  } finally {
    scorer.dispose();
  }
}

export interface EvalCache {
  filterIndex?: FilterIndex;
  batchSize?: number;
}

