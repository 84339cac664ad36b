/**
 * Multi-core sLCWA training, Hogwild-style (Niu et al. 2011; as DGL-KE and PyTorch-BigGraph
 * train on CPU): `numWorkers` threads each run whole training steps — sample, fused gradients,
 * optimizer update, constraints — on their share of every epoch's batches, reading and
 * writing the same embedding tables and optimizer state (SharedArrayBuffers) without locks.
 * Two threads may update one row at the same moment and one update can be partly lost; with
 * sparse batches over thousands of rows this is rare, and SGD-style training tolerates it.
 *
 * Epochs stay synchronous: the main thread shuffles (seeded as in trainer.ts), deals batches
 * round-robin, waits for every worker, then reports the epoch loss. With one worker the run is
 * the single-thread trainer's, bit for bit (same order, same negatives, same update math);
 * with more, results vary slightly from run to run (thread timing).
 */
import type { Worker } from 'node:worker_threads';
import { fusedKernelFor } from '../../compute/fused/index.js';
import { ConfigError, KgeError } from '../../errors.js';
import { childRng, shuffleInPlace } from '../../util/random.js';
import { ProgressBar } from '../../util/progress.js';
import { NonFiniteLossError, type TrainerOptions, type TrainingSummary } from '../trainer.js';
import type { ComponentSpec, EpochCommand, HogwildInit, WorkerReply } from './hogwild-protocol.js';
import { shareOptimizerState, unshareOptimizerState } from './shared-optimizers.js';
import { spawnWorker } from './spawn.js';

export type { ComponentSpec } from './hogwild-protocol.js';

/**
 * The one-thread trainer's options, except that components cross to the workers as registry
 * name + kwargs (workers rebuild them on their side). The model's interaction must have a fused
 * kernel and its tables sit on SharedArrayBuffers; the trainer's optimizers seed the shared
 * optimizer state and receive it back.
 */
export interface HogwildOptions extends Omit<TrainerOptions, 'loss' | 'engine' | 'loop' | 'sampler' | 'regularizer'> {
  numWorkers: number;
  loss: ComponentSpec;
  sampler: ComponentSpec;
  optimizer: ComponentSpec;
  regularizer?: ComponentSpec | null;
}

/** Waits for one reply of each worker (in worker order), failing fast on an error reply or exit. */
function collect(workers: Worker[], want: WorkerReply['type']): Promise<WorkerReply[]> {
  return Promise.all(
    workers.map(
      (w, i) =>
        new Promise<WorkerReply>((resolve, reject) => {
          const cleanup = () => {
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          };
          const onMessage = (msg: WorkerReply) => {
            cleanup();
            if (msg.type === 'error') {
              if (msg.nonFinite) reject(new NonFiniteLossError(msg.nonFinite.epoch, msg.nonFinite.batch, msg.nonFinite.value));
              else reject(new KgeError(`training worker ${i}: ${msg.message}`, 'training'));
            } else if (msg.type !== want) reject(new KgeError(`training worker ${i} sent '${msg.type}', expected '${want}'`, 'training'));
            else resolve(msg);
          };
          const onError = (err: Error) => {
            cleanup();
            reject(new KgeError(`training worker ${i} failed: ${err.message}`, 'training'));
          };
          const onExit = (code: number) => {
            cleanup();
            reject(new KgeError(`training worker ${i} exited (code ${code})`, 'training'));
          };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
        }),
    ),
  );
}

export async function trainHogwild(opts: HogwildOptions): Promise<TrainingSummary> {
  const { model, numEpochs, batchSize, seed, optimizers } = opts;
  const numWorkers = Math.floor(opts.numWorkers);
  if (!(numWorkers >= 1)) throw new ConfigError(`num_workers must be >= 1, got ${opts.numWorkers}`, 'training.num_workers');
  if (!fusedKernelFor(model.interaction)) {
    throw new ConfigError(`multi-worker training needs a fused kernel; ${model.interaction.name} has none (use num_workers: 1)`, 'training.num_workers');
  }
  for (const [name, e] of [['entities', model.entities], ['relations', model.relations]] as const) {
    if (!(e.data.buffer instanceof SharedArrayBuffer) || e.data.byteOffset !== 0 || e.data.length !== e.num * e.width) {
      throw new KgeError(`the ${name} table is not a whole SharedArrayBuffer, so worker threads cannot share it`, 'training');
    }
  }
  const triplesSab = new SharedArrayBuffer(opts.triples.byteLength);
  new Int32Array(triplesSab).set(opts.triples);
  const numExamples = opts.triples.length / 3;
  const shared = {
    entities: shareOptimizerState(opts.optimizer.name, opts.optimizer.kwargs, optimizers.entities, model.numEntities, model.entities.width),
    relations: shareOptimizerState(opts.optimizer.name, opts.optimizer.kwargs, optimizers.relations, model.numRelations, model.relations.width),
  };
  const interaction = model.interaction as { name: string; p?: number };
  const base: Omit<HogwildInit, 'index'> = {
    numWorkers,
    interaction: { name: interaction.name, p: interaction.p },
    dims: { embeddingDim: model.embeddingDim, numEntities: model.numEntities, entityWidth: model.entities.width, numRelations: model.numRelations, relationWidth: model.relations.width },
    tables: { entities: model.entities.data.buffer as SharedArrayBuffer, relations: model.relations.data.buffer as SharedArrayBuffer },
    constraints: { entity: (model.kwargs.entity_constrainer as string | null | undefined) ?? null, relation: (model.kwargs.relation_constrainer as string | null | undefined) ?? null },
    triples: triplesSab,
    loss: opts.loss,
    sampler: opts.sampler,
    regularizer: opts.regularizer ?? null,
    optimizers: shared,
    seed,
  };
  const workers = Array.from({ length: numWorkers }, (_, index) => spawnWorker('hogwild-worker', { ...base, index }));
  const baseLr = { entities: optimizers.entities.lr, relations: optimizers.relations.lr };
  const startEpoch = opts.startEpoch ?? 1;
  const bar = new ProgressBar({ label: `training (${numWorkers} workers)`, total: (numEpochs - startEpoch + 1) * numExamples, unit: 'triples', quiet: opts.quiet });
  const losses: number[] = [];
  let t0 = performance.now();
  let seen = 0;
  let lastEpoch = startEpoch - 1;
  let stopped = false;
  try {
    await collect(workers, 'ready');
    // Training time excludes thread start-up (module loading), reported by the caller if wanted.
    t0 = performance.now();
    for (let epoch = startEpoch; epoch <= numEpochs; epoch++) {
      const lr = opts.lrSchedule ? { entities: opts.lrSchedule(epoch - 1, baseLr.entities), relations: opts.lrSchedule(epoch - 1, baseLr.relations) } : baseLr;
      optimizers.entities.lr = lr.entities;
      optimizers.relations.lr = lr.relations;
      const orderSab = new SharedArrayBuffer(numExamples * 4);
      const order = new Int32Array(orderSab);
      for (let i = 0; i < numExamples; i++) order[i] = i;
      shuffleInPlace(order, childRng(seed, `shuffle/${epoch}`));
      const numBatches = Math.ceil(numExamples / batchSize);
      const replies = collect(workers, 'epoch-done');
      workers.forEach((w, index) => {
        const mine: number[] = [];
        for (let b = index; b < numBatches; b += numWorkers) mine.push(b);
        const cmd: EpochCommand = { type: 'epoch', epoch, order: orderSab, batchSize, batches: Int32Array.from(mine), lr };
        w.postMessage(cmd);
      });
      let sum = 0;
      let batches = 0;
      for (const r of await replies) {
        if (r.type !== 'epoch-done') continue;
        sum += r.lossSum;
        batches += r.batches;
        seen += r.examples;
      }
      const epochLoss = sum / Math.max(1, batches);
      losses.push(epochLoss);
      lastEpoch = epoch;
      bar.tick(numExamples, `epoch ${epoch}/${numEpochs} loss ${epochLoss.toFixed(4)}`);
      if ((await opts.onEpochEnd?.(epoch, epochLoss)) === 'stop') {
        stopped = true;
        break;
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    unshareOptimizerState(shared.entities, optimizers.entities);
    unshareOptimizerState(shared.relations, optimizers.relations);
  }
  bar.finish(`epochs ${startEpoch}-${lastEpoch} loss ${losses.length ? losses[losses.length - 1]!.toFixed(4) : '-'}`);
  return { losses, seconds: (performance.now() - t0) / 1000, examplesSeen: seen, lastEpoch, stopped };
}
