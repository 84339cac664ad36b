import type { Model } from '../models/model.js';
import { childRng, shuffleInPlace, type Rng } from '../util/random.js';
import { ProgressBar } from '../util/progress.js';
import { KgeError } from '../errors.js';
import { RowGradients } from './row-gradients.js';
import type { LossFunction, ModelGradients, TrainingEngine } from './engines/engine.js';
import type { RowOptimizer } from './optimizers/index.js';
import type { Regularizer } from './regularizers.js';
import type { LrSchedule } from './lr-schedulers.js';
import { buildLcwaIndex, fillLcwaBatch, type LcwaIndex } from './lcwa-index.js';

export interface SamplerLike {
  numNegsPerPos: number;
  sample(positives: Int32Array, rng: Rng): Int32Array;
}

export interface TrainerOptions {
  model: Model;
  loss: LossFunction;
  engine: TrainingEngine;
  optimizers: { entities: RowOptimizer; relations: RowOptimizer };
  /** Training triples, 3*n ids. */
  triples: Int32Array;
  loop: 'slcwa' | 'lcwa';
  sampler?: SamplerLike;
  regularizer?: Regularizer | null;
  lrSchedule?: LrSchedule | null;
  numEpochs: number;
  batchSize: number;
  seed: number;
  /** First epoch to run (1-based), when resuming. */
  startEpoch?: number;
  quiet?: boolean;
  /** Called after each epoch; returning 'stop' ends training (early stopping, pruning). */
  onEpochEnd?: (epoch: number, loss: number) => Promise<'stop' | void> | 'stop' | void;
}

export interface TrainingSummary {
  /** Mean loss per epoch run in this call. */
  losses: number[];
  seconds: number;
  /** Positive triples (sLCWA) or (h, r) queries (LCWA) processed. */
  examplesSeen: number;
  lastEpoch: number;
  stopped: boolean;
}

/** Raised when a batch's loss is NaN or infinite; says where so the user can lower the lr. */
export class NonFiniteLossError extends KgeError {
  constructor(readonly epoch: number, readonly batch: number, value: number) {
    super(`loss became ${value} at epoch ${epoch}, batch ${batch}; lower optimizer_kwargs.lr, or check the loss and model settings`, 'training');
    this.name = 'NonFiniteLossError';
  }
}

/**
 * The epoch loop shared by sLCWA and LCWA. Each epoch derives its shuffling and sampling
 * streams from (seed, epoch), so a run resumed at epoch e continues exactly as if uninterrupted.
 */
export async function train(opts: TrainerOptions): Promise<TrainingSummary> {
  const { model, loss, engine, optimizers, numEpochs, batchSize, seed } = opts;
  const grads: ModelGradients = {
    entities: new RowGradients(model.numEntities, model.entities.width),
    relations: new RowGradients(model.numRelations, model.relations.width),
  };
  const baseLr = { entities: optimizers.entities.lr, relations: optimizers.relations.lr };
  const lcwa: LcwaIndex | null = opts.loop === 'lcwa' ? buildLcwaIndex(opts.triples) : null;
  const numExamples = lcwa ? lcwa.numQueries : opts.triples.length / 3;
  const startEpoch = opts.startEpoch ?? 1;
  const bar = new ProgressBar({ label: 'training', total: (numEpochs - startEpoch + 1) * numExamples, unit: opts.loop === 'lcwa' ? 'queries' : 'triples', quiet: opts.quiet });
  const losses: number[] = [];
  const t0 = performance.now();
  let seen = 0;
  let lastEpoch = startEpoch - 1;
  let stopped = false;

  for (let epoch = startEpoch; epoch <= numEpochs; epoch++) {
    if (opts.lrSchedule) {
      optimizers.entities.lr = opts.lrSchedule(epoch - 1, baseLr.entities);
      optimizers.relations.lr = opts.lrSchedule(epoch - 1, baseLr.relations);
    }
    const order = new Int32Array(numExamples);
    for (let i = 0; i < numExamples; i++) order[i] = i;
    shuffleInPlace(order, childRng(seed, `shuffle/${epoch}`));
    const sampleRng = childRng(seed, `negatives/${epoch}`);
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < numExamples; start += batchSize) {
      const idx = order.subarray(start, Math.min(numExamples, start + batchSize));
      grads.entities.reset();
      grads.relations.reset();
      let value: number;
      if (lcwa) {
        const { heads, relations, labels } = fillLcwaBatch(lcwa, idx, model.numEntities);
        value = engine.lcwaGradients(model, loss, heads, relations, labels, grads);
      } else {
        const pos = gatherTriples(opts.triples, idx);
        const sampler = opts.sampler!;
        const neg = sampler.sample(pos, sampleRng);
        value = engine.slcwaGradients(model, loss, pos, neg, sampler.numNegsPerPos, grads);
      }
      if (opts.regularizer) value += opts.regularizer.apply(model, grads);
      if (!Number.isFinite(value)) throw new NonFiniteLossError(epoch, batches + 1, value);
      optimizers.entities.step(model.entities.data, grads.entities);
      optimizers.relations.step(model.relations.data, grads.relations);
      model.applyConstraints(grads.entities.ids, grads.relations.ids);
      sum += value;
      batches++;
      seen += idx.length;
      bar.tick(idx.length, `epoch ${epoch}/${numEpochs} loss ${(sum / batches).toFixed(4)}`);
    }
    const epochLoss = sum / Math.max(1, batches);
    losses.push(epochLoss);
    lastEpoch = epoch;
    // Let the event loop run once per epoch: signal handlers (Ctrl-C) and timers fire only then.
    await new Promise((resolve) => setImmediate(resolve));
    if ((await opts.onEpochEnd?.(epoch, epochLoss)) === 'stop') {
      stopped = true;
      break;
    }
  }
  bar.finish(`epochs ${startEpoch}-${lastEpoch} loss ${losses.length ? losses[losses.length - 1]!.toFixed(4) : '-'}`);
  return { losses, seconds: (performance.now() - t0) / 1000, examplesSeen: seen, lastEpoch, stopped };
}

function gatherTriples(triples: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length * 3);
  for (let i = 0; i < idx.length; i++) {
    const s = idx[i]! * 3;
    out[3 * i] = triples[s]!;
    out[3 * i + 1] = triples[s + 1]!;
    out[3 * i + 2] = triples[s + 2]!;
  }
  return out;
}
