import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { resolveConfig } from './config.js';
import type { PipelineConfig, PipelineInput, PipelineOptions, PipelineResult, SplitMetrics } from './types.js';
import { checkOutputFree, defaultOutput, writeConfig, writeEmbeddings, writeLosses, writeMetrics } from './run-folder.js';
import { initBackend } from '../compute/backend.js';
import { loadDataset, type Dataset, type DatasetSpec } from '../data/index.js';
import { modelRegistry, type Model } from '../models/model.js';
import { resolveLoss } from '../losses/index.js';
import { samplerRegistry } from '../sampling/index.js';
import { optimizerRegistry } from '../training/optimizers/index.js';
import { regularizerRegistry } from '../training/regularizers.js';
import { lrSchedulerRegistry } from '../training/lr-schedulers.js';
import { train, NonFiniteLossError, type TrainingSummary } from '../training/trainer.js';
import { trainHogwild } from '../training/workers/hogwild.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, saveModelWeights } from '../training/checkpoint.js';
import { stopperRegistry } from '../training/stopper.js';
import { selectEngine } from '../training/engines/select.js';
import { checkStopperMetric } from './metric-checks.js';
import { evaluateSplit, type EvalCache } from './evaluate-split.js';
import { childRng } from '../util/random.js';
import { log } from '../util/progress.js';
import { ConfigError } from '../errors.js';

export interface RunOptions extends PipelineOptions {
  /** Continue from <output>/checkpoint. */
  resume?: boolean;
  /** Folder that relative dataset paths are resolved against (the config file's folder). */
  baseDir?: string;
}

/**
 * What a checkpoint's tables mean: the model and its shapes, the optimizer's state layout, and
 * the training data's content (labels and triples, so renamed or edited files are caught).
 * Everything else (run length, learning rate, batch size, device, evaluation) may change on resume.
 */
function fingerprint(config: PipelineConfig, dataset: Dataset): { hash: string; parts: Record<string, string> } {
  const h = (x: unknown) => createHash('sha256').update(typeof x === 'string' ? x : JSON.stringify(x)).digest('hex').slice(0, 16);
  const t = dataset.training;
  const data = createHash('sha256');
  data.update(JSON.stringify(t.entityLabels)).update(JSON.stringify(t.relationLabels));
  data.update(new Uint8Array(t.mappedTriples.buffer, t.mappedTriples.byteOffset, t.mappedTriples.byteLength));
  const parts: Record<string, string> = {
    model: h({ model: config.model, model_kwargs: config.model_kwargs }),
    'training data': data.digest('hex').slice(0, 16),
    dataset_kwargs: h(config.dataset_kwargs),
    optimizer: h(config.optimizer),
    seed: h(config.seed),
  };
  return { hash: h(parts), parts };
}

/** Settings given for a component that the config does not use are mistakes, not no-ops. */
function checkUnusedSettings(config: PipelineConfig): void {
  const pairs: [string, unknown, string][] = [
    ['regularizer_kwargs', config.regularizer, 'regularizer'],
    ['lr_scheduler_kwargs', config.lr_scheduler, 'lr_scheduler'],
    ['stopper_kwargs', config.stopper, 'stopper'],
  ];
  for (const [kwargsKey, chosen, key] of pairs) {
    const kw = config[kwargsKey as keyof PipelineConfig] as Record<string, unknown>;
    if (!chosen && Object.keys(kw).length > 0) throw new ConfigError(`is set but ${key} is null; set ${key} too, or remove ${kwargsKey}`, kwargsKey);
  }
}

/** File paths in a config are relative to the config file's folder (or the working directory). */
function datasetSpec(config: PipelineConfig, baseDir = process.cwd()): DatasetSpec {
  if (typeof config.dataset === 'string') return config.dataset;
  const d = { ...config.dataset };
  for (const key of ['train', 'valid', 'test'] as const) if (d[key]) d[key] = resolve(baseDir, d[key]!);
  return d as DatasetSpec;
}

/**
 * Trains and evaluates a model from a config (PyKEEN's pipeline()). Writes the run folder
 * when `output` is set (the CLI always sets it) and returns metrics, losses, timings and the
 * backend in use.
 */
export async function pipeline(input: PipelineInput, options: RunOptions = {}): Promise<PipelineResult> {
  const config = resolveConfig(input);
  checkUnusedSettings(config);
  const quiet = options.quiet ?? process.env.KGE_QUIET === '1';
  const out = config.output ? resolve(config.output) : null;
  if (out) checkOutputFree(out, options.overwrite ?? false, options.resume ?? false);

  const backend = await initBackend(config.device);
  // Absolute paths in the saved config, so the run folder can be evaluated from anywhere.
  config.dataset = datasetSpec(config, options.baseDir) as PipelineConfig['dataset'];
  const dataset = await loadDataset(config.dataset as DatasetSpec, {
    createInverseTriples: config.dataset_kwargs.create_inverse_triples ?? false,
    seed: config.seed,
    quiet,
  });
  const training = dataset.training;
  const model = modelRegistry.create(config.model, config.model_kwargs, { numEntities: training.numEntities, numRelations: training.numRelations, rng: childRng(config.seed, 'init') }, 'model_kwargs');
  const loss = resolveLoss(config.loss, config.loss_kwargs, { numEntities: training.numEntities }, 'loss_kwargs');
  const optimizerFactory = optimizerRegistry.create(config.optimizer, config.optimizer_kwargs, undefined, 'optimizer_kwargs');
  const optimizers = {
    entities: optimizerFactory(model.entities.num, model.entities.width),
    relations: optimizerFactory(model.relations.num, model.relations.width),
  };
  const regularizer = config.regularizer ? regularizerRegistry.create(config.regularizer, config.regularizer_kwargs, undefined, 'regularizer_kwargs') : null;
  const lrSchedule = config.lr_scheduler ? lrSchedulerRegistry.create(config.lr_scheduler, config.lr_scheduler_kwargs, undefined, 'lr_scheduler_kwargs') : null;
  const sampler =
    config.training_loop === 'slcwa'
      ? samplerRegistry.create(config.negative_sampler, config.negative_sampler_kwargs, { factory: training }, 'negative_sampler_kwargs')
      : undefined;
  if (config.training_loop === 'lcwa' && !quiet && (config.negative_sampler !== 'basic' || Object.keys(config.negative_sampler_kwargs).length > 0)) {
    log.warn('training_loop is lcwa: every entity is a candidate, so negative_sampler and negative_sampler_kwargs are not used');
  }
  const engine = selectEngine(config.engine, backend.backend, model, config.training.num_workers ?? 1);
  if (!quiet) {
    log.info(`kge: backend ${backend.description}; engine ${engine.name}`);
    log.info(
      `kge: dataset ${dataset.name}: ${training.numEntities} entities, ${training.numRelations} relations, ` +
        `${training.numTriples} train / ${dataset.validation?.numTriples ?? 0} valid / ${dataset.testing?.numTriples ?? 0} test triples`,
    );
  }

  let best: { epoch: number; weights: ReturnType<Model['snapshot']> } | null = null;
  const stopperOrNop = stopperRegistry.create(config.stopper ?? 'nop', config.stopper_kwargs, {
    onImprovement: (epoch) => {
      best = { epoch, weights: model.snapshot() };
    },
  }, 'stopper_kwargs');
  const stopper = stopperOrNop.kind === 'nop' ? null : stopperOrNop;
  if (stopper && !dataset.validation) throw new ConfigError('early stopping needs a valid split in the dataset', 'stopper');
  if (stopper) checkStopperMetric(config, '');
  for (const split of config.evaluation.splits ?? []) {
    if (!(split === 'valid' ? dataset.validation : dataset.testing)) {
      throw new ConfigError(`the dataset has no ${split} split; give dataset.${split} or remove '${split}' from evaluation.splits (e.g. --set 'evaluation.splits=[]')`, 'evaluation.splits');
    }
  }

  let startEpoch = 1;
  let previousLosses: number[] = [];
  const checkpointDir = out ? join(out, 'checkpoint') : null;
  const { hash: fp, parts: fpParts } = fingerprint(config, dataset);
  if (options.resume) {
    if (!checkpointDir || !hasCheckpoint(checkpointDir)) {
      throw new ConfigError(`--resume: no checkpoint in ${checkpointDir ?? '(no output folder)'}; set training.checkpoint_frequency to write checkpoints during training`, 'output');
    }
    const meta = loadCheckpoint(checkpointDir, model, optimizers, fp, fpParts);
    if (meta.epoch >= config.training.num_epochs) {
      throw new ConfigError(`the checkpoint is already at epoch ${meta.epoch}; set training.num_epochs above ${meta.epoch} to train further`, 'training.num_epochs');
    }
    startEpoch = meta.epoch + 1;
    previousLosses = meta.losses;
    if (!quiet) log.info(`kge: resumed from ${checkpointDir} at epoch ${meta.epoch}`);
  }
  if (out) writeConfig(out, config);

  let pruned = false;
  let interrupted = false;
  const validCache: EvalCache = {};
  const validationHistory: { epoch: number; metrics: SplitMetrics }[] = [];
  const losses = [...previousLosses];
  let summary: TrainingSummary;
  try {
    const trainOptions = {
      model,
      loss,
      engine,
      optimizers,
      triples: training.mappedTriples,
      loop: config.training_loop,
      sampler,
      regularizer,
      lrSchedule,
      numEpochs: config.training.num_epochs,
      batchSize: config.training.batch_size,
      seed: config.seed,
      startEpoch,
      quiet,
      onEpochEnd: async (epoch: number, value: number): Promise<'stop' | void> => {
        losses.push(value);
        options.onEpoch?.(epoch, value);
        if (options.signal?.aborted) {
          interrupted = true;
          return 'stop';
        }
        const freq = config.training.checkpoint_frequency ?? 0;
        if (checkpointDir && freq > 0 && epoch % freq === 0) saveCheckpoint(checkpointDir, model, optimizers, { epoch, losses, fingerprint: fp, fingerprint_parts: fpParts });
        if (!stopper || !stopper.shouldEvaluate(epoch)) return;
        const res = evaluateSplit(engine, model, dataset, 'valid', config, true, validCache);
        const metrics = res.metrics as unknown as SplitMetrics;
        validationHistory.push({ epoch, metrics });
        const verdict = stopper.report(epoch, metrics);
        if (!quiet) log.info(`kge: epoch ${epoch} valid ${config.stopper_kwargs.metric ?? 'both.realistic.mrr'} = ${stopper.state().history.at(-1)?.value.toFixed(4)}${verdict.improved ? ' (best)' : ''}`);
        if (options.onValidation?.(epoch, metrics) === 'prune') {
          pruned = true;
          return 'stop';
        }
        if (verdict.stop) {
          if (!quiet) log.info(`kge: early stopping at epoch ${epoch}: ${verdict.reason}`);
          return 'stop';
        }
      },
    };
    // Several workers: Hogwild-style sLCWA over the shared tables (fused engine only).
    const workers = config.training.num_workers ?? 1;
    if (workers > 1 && !(engine.name === 'fused' && config.training_loop === 'slcwa') && !quiet) {
      log.info(`kge: training.num_workers=${workers} applies to fused sLCWA training; this run trains on one thread (engine ${engine.name}, ${config.training_loop})`);
    }
    if (workers > 1 && engine.name === 'fused' && config.training_loop === 'slcwa') {
      summary = await trainHogwild({
        ...trainOptions,
        numWorkers: workers,
        loss: { name: config.loss, kwargs: config.loss_kwargs },
        sampler: { name: config.negative_sampler, kwargs: config.negative_sampler_kwargs },
        optimizer: { name: config.optimizer, kwargs: config.optimizer_kwargs },
        regularizer: config.regularizer ? { name: config.regularizer, kwargs: config.regularizer_kwargs } : null,
      });
    } else {
      summary = await train(trainOptions);
    }
  } catch (err) {
    // Keep the losses so far. The tables already hold part of the failing epoch, so no checkpoint
    // is written now: the last one (training.checkpoint_frequency) is the state to resume from.
    if (out && err instanceof NonFiniteLossError) writeLosses(out, losses);
    engine.dispose?.();
    throw err;
  }
  if (checkpointDir) saveCheckpoint(checkpointDir, model, optimizers, { epoch: summary.lastEpoch, losses, fingerprint: fp, fingerprint_parts: fpParts });
  const restored = best as { epoch: number; weights: ReturnType<Model['snapshot']> } | null;
  if (restored) {
    model.restore(restored.weights);
    if (!quiet) log.info(`kge: restored the best weights (epoch ${restored.epoch})`);
  }
  if (out) saveModelWeights(join(out, 'model'), model, { epoch: restored?.epoch ?? summary.lastEpoch, fingerprint: fp });

  const metrics: PipelineResult['metrics'] = {};
  const protocols: Record<string, unknown> = {};
  let evalSeconds = 0;
  let evalTriples = 0;
  if (interrupted && !quiet) log.info(`kge: interrupted after epoch ${summary.lastEpoch}; checkpoint written, continue with --resume`);
  if (!pruned && !interrupted) {
    for (const split of config.evaluation.splits ?? ['test']) {
      const t0 = performance.now();
      const res = evaluateSplit(engine, model, dataset, split, config, quiet);
      evalSeconds += (performance.now() - t0) / 1000;
      evalTriples += (split === 'valid' ? dataset.validation : dataset.testing)!.numTriples;
      metrics[split] = res.metrics as unknown as SplitMetrics;
      protocols[split] = res.protocol;
    }
  }

  const result: PipelineResult = {
    config,
    metrics,
    losses,
    timings: {
      training_seconds: summary.seconds,
      training_triples_per_second: summary.seconds > 0 ? summary.examplesSeen / summary.seconds : 0,
      evaluation_seconds: evalSeconds,
      evaluation_triples_per_second: evalSeconds > 0 ? evalTriples / evalSeconds : 0,
    },
    backend: backend.description,
    engine: engine.name,
    dataset: {
      name: dataset.name,
      num_entities: training.numEntities,
      num_relations: training.numRelations,
      num_triples: {
        train: training.numTriples,
        valid: dataset.validation?.numTriples ?? 0,
        test: dataset.testing?.numTriples ?? 0,
      },
    },
    ...(stopper ? { best_epoch: stopper.bestEpoch ?? undefined, stopped_early: summary.stopped && !pruned } : {}),
    ...(pruned ? { pruned: true } : {}),
    ...(interrupted ? { interrupted: true } : {}),
    ...(out ? { output_dir: out } : {}),
  };
  if (out) {
    writeLosses(out, losses);
    writeEmbeddings(out, model, training.entityLabels, training.relationLabels);
    writeMetrics(out, { ...result, protocol: protocols, validation_history: validationHistory, data_report: dataset.report });
  }
  engine.dispose?.();
  Object.defineProperty(result, 'model', { value: model, enumerable: false });
  Object.defineProperty(result, 'training', { value: training, enumerable: false });
  return result;
}

export { defaultOutput };
