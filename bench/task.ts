/**
 * One bench measurement, run in its own process (so each gets its own peak RSS and tfjs
 * backend): `node --import tsx bench/task.ts '<json task>'`. Prints one line
 * `BENCH_RESULT {json}` on stdout.
 */
import { availableParallelism } from 'node:os';
import { initBackend } from '../src/compute/backend.js';
import { fusedKernelFor, FusedScorer } from '../src/compute/fused/index.js';
import { FilterIndex, evaluateRanking } from '../src/evaluation/index.js';
import { resolveLoss } from '../src/losses/index.js';
import { modelRegistry, type Model } from '../src/models/model.js';
import { TfjsScorer } from '../src/models/tfjs-scorer.js';
import { samplerRegistry } from '../src/sampling/index.js';
import { FusedEngine } from '../src/training/engines/fused-engine.js';
import { TfjsEngine } from '../src/training/engines/tfjs-engine.js';
import type { ModelGradients, TrainingEngine } from '../src/training/engines/engine.js';
import { optimizerRegistry } from '../src/training/optimizers/index.js';
import { RowGradients } from '../src/training/row-gradients.js';
import { train } from '../src/training/trainer.js';
import { trainHogwild } from '../src/training/workers/hogwild.js';
import { childRng, createRng, shuffleInPlace } from '../src/util/random.js';
import { loadFb15k237, median, peakRssMiB, rssMiB } from './common.js';

export type EngineName = 'fused' | 'tfjs-cpu' | 'tfjs-wasm';
export type ModelName = 'TransE' | 'DistMult';

export type Task =
  /** Median ms of full training steps (sample, gradients, Adam, constraints). */
  | { kind: 'steps'; engine: EngineName; model: ModelName; steps: number; warmup: number }
  /** trainer throughput over `steps` batches, then filtered evaluation of `evalTriples` test triples (0 = all). */
  | { kind: 'train-eval'; engine: EngineName; steps: number; evalTriples: number; workers: number[]; model?: ModelName; trainWorkers?: number }
  /** Median ms to score `queries` tail queries against all entities. */
  | { kind: 'rank'; engine: EngineName; model: ModelName; queries: number; reps: number; workers: number[] }
  /** Writes the cached id arrays (done once by run.ts before the timed tasks). */
  | { kind: 'prepare' };

const DIM = 128;
const BATCH = 1024;

function buildModel(name: ModelName, numEntities: number, numRelations: number): Model {
  const kwargs = name === 'TransE' ? { embedding_dim: DIM, scoring_fct_norm: 1 } : { embedding_dim: DIM };
  return modelRegistry.create(name, kwargs, { numEntities, numRelations, rng: createRng(0) });
}

async function engineFor(name: EngineName, model: Model, workers = 1): Promise<TrainingEngine> {
  if (name === 'fused') return new FusedEngine(fusedKernelFor(model.interaction)!, { numWorkers: workers });
  await initBackend(name === 'tfjs-cpu' ? 'cpu' : 'wasm');
  return new TfjsEngine();
}

async function steps(task: Extract<Task, { kind: 'steps' }>) {
  const f = (await loadFb15k237()).training;
  const model = buildModel(task.model, f.numEntities, f.numRelations);
  const engine = await engineFor(task.engine, model);
  const loss = resolveLoss('marginranking', {}, { numEntities: f.numEntities });
  const opt = optimizerRegistry.create('adam', { lr: 0.001 });
  const optimizers = { entities: opt(f.numEntities, model.entities.width), relations: opt(f.numRelations, model.relations.width) };
  const sampler = samplerRegistry.create('basic', { num_negs_per_pos: 1 }, { factory: f });
  const grads: ModelGradients = { entities: new RowGradients(f.numEntities, model.entities.width), relations: new RowGradients(f.numRelations, model.relations.width) };
  const order = Int32Array.from({ length: f.numTriples }, (_, i) => i);
  shuffleInPlace(order, createRng(1));
  const rng = childRng(1, 'negatives');
  const times: number[] = [];
  const base = rssMiB();
  for (let s = 0; s < task.warmup + task.steps; s++) {
    const pos = new Int32Array(3 * BATCH);
    for (let i = 0; i < BATCH; i++) {
      const k = 3 * order[(s * BATCH + i) % f.numTriples]!;
      pos[3 * i] = f.mappedTriples[k]!;
      pos[3 * i + 1] = f.mappedTriples[k + 1]!;
      pos[3 * i + 2] = f.mappedTriples[k + 2]!;
    }
    const t0 = performance.now();
    const neg = sampler.sample(pos, rng);
    grads.entities.reset();
    grads.relations.reset();
    engine.slcwaGradients(model, loss, pos, neg, 1, grads);
    optimizers.entities.step(model.entities.data, grads.entities);
    optimizers.relations.step(model.relations.data, grads.relations);
    model.applyConstraints(grads.entities.ids, grads.relations.ids);
    if (s >= task.warmup) times.push(performance.now() - t0);
  }
  return { msPerStep: median(times), steps: times.length, numEntities: f.numEntities, peakRssMiB: peakRssMiB(), baseRssMiB: base };
}

async function trainEval(task: Extract<Task, { kind: 'train-eval' }>) {
  const ds = await loadFb15k237();
  const f = ds.training;
  const model = buildModel(task.model ?? 'TransE', f.numEntities, f.numRelations);
  const engine = await engineFor(task.engine, model);
  const baseRss = rssMiB();
  // A fixed number of steps = one epoch over that many shuffled training triples.
  const order = Int32Array.from({ length: f.numTriples }, (_, i) => i);
  shuffleInPlace(order, createRng(2));
  const n = Math.min(f.numTriples, task.steps * BATCH);
  const subset = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) subset.set(f.mappedTriples.subarray(3 * order[i]!, 3 * order[i]! + 3), 3 * i);
  const opt = optimizerRegistry.create('adam', { lr: 0.001 });
  const tw = task.trainWorkers ?? 1;
  const w0 = performance.now();
  const summary = tw > 1 ? await trainHogwild({
    model,
    triples: subset,
    numWorkers: tw,
    loss: { name: 'marginranking', kwargs: {} },
    sampler: { name: 'basic', kwargs: { num_negs_per_pos: 1 } },
    optimizer: { name: 'adam', kwargs: { lr: 0.001 } },
    optimizers: { entities: opt(f.numEntities, model.entities.width), relations: opt(f.numRelations, model.relations.width) },
    numEpochs: 1,
    batchSize: BATCH,
    seed: 3,
    quiet: true,
  }) : await train({
    model,
    loss: resolveLoss('marginranking', {}, { numEntities: f.numEntities }),
    engine,
    optimizers: { entities: opt(f.numEntities, model.entities.width), relations: opt(f.numRelations, model.relations.width) },
    triples: subset,
    loop: 'slcwa',
    sampler: samplerRegistry.create('basic', { num_negs_per_pos: 1 }, { factory: f }),
    numEpochs: 1,
    batchSize: BATCH,
    seed: 3,
    quiet: true,
  });
  const wallSeconds = (performance.now() - w0) / 1000;
  const trainPeak = peakRssMiB();
  const test = ds.test;
  const evalN = task.evalTriples > 0 ? Math.min(task.evalTriples, test.length / 3) : test.length / 3;
  const evalTriples = test.subarray(0, 3 * evalN);
  const t0 = performance.now();
  const index = FilterIndex.build([f.mappedTriples, ds.valid, test], { numEntities: f.numEntities });
  const filterSeconds = (performance.now() - t0) / 1000;
  const evals = [];
  for (const w of task.evalTriples < 0 ? [] : task.workers) {
    const scorer = task.engine === 'fused' ? new FusedScorer(fusedKernelFor(model.interaction)!, model, { numWorkers: w }) : new TfjsScorer(model);
    const t1 = performance.now();
    const res = evaluateRanking(scorer, evalTriples, { filterIndex: index, batchSize: 256, quiet: true });
    const seconds = (performance.now() - t1) / 1000;
    scorer.dispose();
    evals.push({ workers: w, seconds, queries: 2 * evalN, queriesPerSecond: (2 * evalN) / seconds, mrr: res.metrics.both.realistic.mrr, hits10: res.metrics.both.realistic.hits_at_10 });
  }
  (engine as { dispose?: () => void }).dispose?.();
  return {
    train: { workers: tw, seconds: summary.seconds, wallSeconds, triples: summary.examplesSeen, triplesPerSecond: summary.examplesSeen / summary.seconds, loss: summary.losses[0] },
    evalTriples: evalN,
    filterIndexSeconds: filterSeconds,
    evals,
    trainPeakRssMiB: trainPeak,
    baseRssMiB: baseRss,
    peakRssMiB: peakRssMiB(),
    numEntities: f.numEntities,
    numTrain: f.numTriples,
  };
}

async function rank(task: Extract<Task, { kind: 'rank' }>) {
  const ds = await loadFb15k237();
  const f = ds.training;
  const model = buildModel(task.model, f.numEntities, f.numRelations);
  if (task.engine !== 'fused') await initBackend(task.engine === 'tfjs-cpu' ? 'cpu' : 'wasm');
  const test = ds.test;
  const q = task.queries;
  const h = new Int32Array(q);
  const r = new Int32Array(q);
  for (let i = 0; i < q; i++) {
    h[i] = test[3 * i]!;
    r[i] = test[3 * i + 1]!;
  }
  const out = new Float32Array(q * f.numEntities);
  const results = [];
  const time = (fn: () => void) => {
    fn(); // warm-up (JIT, worker start)
    const ts: number[] = [];
    for (let k = 0; k < task.reps; k++) {
      const t0 = performance.now();
      fn();
      ts.push(performance.now() - t0);
    }
    return median(ts);
  };
  if (task.engine === 'fused') {
    const kernel = fusedKernelFor(model.interaction)!;
    for (const w of task.workers) {
      const scorer = new FusedScorer(kernel, model, { numWorkers: w });
      results.push({ variant: `simd x${w}`, ms: time(() => scorer.scoreTails(h, r, out)) });
      scorer.dispose();
    }
    results.push({ variant: 'plain JS x1', ms: time(() => kernel.scoreTails(model, h, r, out)) });
  } else {
    const scorer = new TfjsScorer(model);
    results.push({ variant: task.engine, ms: time(() => scorer.scoreTails(h, r, out)) });
    scorer.dispose();
  }
  return { results, queries: q, numEntities: f.numEntities, peakRssMiB: peakRssMiB() };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  const result =
    task.kind === 'steps' ? await steps(task) : task.kind === 'train-eval' ? await trainEval(task) : task.kind === 'rank' ? await rank(task) : { numTest: (await loadFb15k237()).test.length / 3 };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ task, cores: availableParallelism(), ...result })}\n`);
}

await main();
