import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { KgeError } from '../errors.js';
import { resolveConfig } from './config.js';
import type { PipelineConfig } from './types.js';
import { initBackend, type BackendInfo } from '../compute/backend.js';
import { loadDataset, type Dataset } from '../data/index.js';
import { modelRegistry, type Model } from '../models/model.js';
import { loadModelWeights } from '../training/checkpoint.js';
import { selectEngine } from '../training/engines/select.js';
import type { TrainingEngine } from '../training/engines/engine.js';
import { childRng } from '../util/random.js';

export interface LoadedRun {
  dir: string;
  config: PipelineConfig;
  backend: BackendInfo;
  dataset: Dataset;
  model: Model;
  engine: TrainingEngine;
  epoch: number;
}

/**
 * Rebuilds a finished run from its folder (config.yaml + checkpoint/) for evaluation and
 * prediction. The dataset is loaded again, so it must still be where the run found it.
 */
export async function loadRun(dir: string, options: { device?: PipelineConfig['device']; quiet?: boolean } = {}): Promise<LoadedRun> {
  const abs = resolve(dir);
  const configPath = join(abs, 'config.yaml');
  if (!existsSync(configPath)) throw new KgeError(`not a run folder: ${configPath} is missing`, '--run');
  const config = resolveConfig(parse(readFileSync(configPath, 'utf8')), configPath);
  const backend = await initBackend(options.device ?? config.device);
  const dataset = await loadDataset(config.dataset as never, {
    createInverseTriples: config.dataset_kwargs.create_inverse_triples ?? false,
    seed: config.seed,
    quiet: options.quiet ?? true,
  });
  const training = dataset.training;
  const model = modelRegistry.create(config.model, config.model_kwargs, { numEntities: training.numEntities, numRelations: training.numRelations, rng: childRng(config.seed, 'init') });
  // model/ holds what metrics.json reports (the restored best epoch under early stopping);
  // runs written before it existed only have the checkpoint.
  const weightsDir = existsSync(join(abs, 'model', 'checkpoint.json')) ? join(abs, 'model') : join(abs, 'checkpoint');
  const meta = loadModelWeights(weightsDir, model);
  const engine = selectEngine(config.engine, backend.backend, model, 1);
  return { dir: abs, config, backend, dataset, model, engine, epoch: meta.epoch };
}
