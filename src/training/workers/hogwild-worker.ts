/**
 * One Hogwild training thread: runs its share of each epoch's batches with the fused engine,
 * updating the shared embedding tables and shared optimizer state in place, without locks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fusedKernelFor } from '../../compute/fused/index.js';
import { resolveLoss } from '../../losses/index.js';
import { constraintRegistry } from '../../models/constraints.js';
import { Embedding } from '../../models/embedding.js';
import type { Interaction } from '../../models/interaction.js';
import { ComplExInteraction } from '../../models/interactions/complex.js';
import { DistMultInteraction } from '../../models/interactions/distmult.js';
import { RotatEInteraction } from '../../models/interactions/rotate.js';
import { TransEInteraction } from '../../models/interactions/transe.js';
import { Model } from '../../models/model.js';
import { TriplesFactory } from '../../data/triples-factory.js';
import { samplerRegistry } from '../../sampling/index.js';
import { childRng } from '../../util/random.js';
import { FusedEngine } from '../engines/fused-engine.js';
import { regularizerRegistry } from '../regularizers.js';
import { RowGradients } from '../row-gradients.js';
import type { EpochCommand, HogwildInit, WorkerReply } from './hogwild-protocol.js';
import { sharedOptimizer } from './shared-optimizers.js';

const init = workerData as HogwildInit;
const port = parentPort!;
const reply = (msg: WorkerReply) => port.postMessage(msg);

function interactionOf(spec: HogwildInit['interaction']): Interaction {
  switch (spec.name) {
    case 'TransE':
      return new TransEInteraction(spec.p as 1 | 2);
    case 'DistMult':
      return new DistMultInteraction();
    case 'ComplEx':
      return new ComplExInteraction();
    case 'RotatE':
      return new RotatEInteraction();
    default:
      throw new Error(`no fused kernel for interaction '${spec.name}'`);
  }
}

function setup() {
  const d = init.dims;
  const interaction = interactionOf(init.interaction);
  const constraint = (name: string | null) => (name == null ? null : constraintRegistry.create(name));
  const model = new Model(
    init.interaction.name,
    interaction,
    new Embedding(d.numEntities, d.entityWidth, new Float32Array(init.tables.entities)),
    new Embedding(d.numRelations, d.relationWidth, new Float32Array(init.tables.relations)),
    d.embeddingDim,
    constraint(init.constraints.entity),
    constraint(init.constraints.relation),
    {},
  );
  const triples = new Int32Array(init.triples);
  const factory = TriplesFactory.fromMappedTriples(triples, { numEntities: d.numEntities, numRelations: d.numRelations });
  return {
    model,
    triples,
    engine: new FusedEngine(fusedKernelFor(interaction)!),
    loss: resolveLoss(init.loss.name, init.loss.kwargs, { numEntities: d.numEntities }),
    sampler: samplerRegistry.create(init.sampler.name, init.sampler.kwargs, { factory }),
    regularizer: init.regularizer ? regularizerRegistry.create(init.regularizer.name, init.regularizer.kwargs) : null,
    optimizers: { entities: sharedOptimizer(init.optimizers.entities), relations: sharedOptimizer(init.optimizers.relations) },
    grads: { entities: new RowGradients(d.numEntities, d.entityWidth), relations: new RowGradients(d.numRelations, d.relationWidth) },
  };
}

let ctx: ReturnType<typeof setup>;
try {
  ctx = setup();
  reply({ type: 'ready' });
} catch (err) {
  reply({ type: 'error', message: `worker ${init.index} could not start: ${(err as Error).message}` });
  throw err;
}

function runEpoch(cmd: EpochCommand): void {
  const { model, triples, engine, loss, sampler, regularizer, optimizers, grads } = ctx;
  const order = new Int32Array(cmd.order);
  const n = order.length;
  const k = sampler.numNegsPerPos;
  // One worker draws exactly the stream the single-thread trainer draws.
  const rng = childRng(init.seed, init.numWorkers === 1 ? `negatives/${cmd.epoch}` : `negatives/${cmd.epoch}/${init.index}`);
  const batchLosses = new Float64Array(cmd.batches.length);
  let lossSum = 0;
  let examples = 0;
  for (let bi = 0; bi < cmd.batches.length; bi++) {
    const b = cmd.batches[bi]!;
    const start = b * cmd.batchSize;
    const m = Math.min(n, start + cmd.batchSize) - start;
    const pos = new Int32Array(3 * m);
    for (let i = 0; i < m; i++) {
      const s = 3 * order[start + i]!;
      pos[3 * i] = triples[s]!;
      pos[3 * i + 1] = triples[s + 1]!;
      pos[3 * i + 2] = triples[s + 2]!;
    }
    const neg = sampler.sample(pos, rng);
    grads.entities.reset();
    grads.relations.reset();
    let value = engine.slcwaGradients(model, loss, pos, neg, k, grads);
    if (regularizer) value += regularizer.apply(model, grads);
    if (!Number.isFinite(value)) {
      reply({ type: 'error', message: `loss became ${value}`, nonFinite: { epoch: cmd.epoch, batch: b + 1, value } });
      return;
    }
    optimizers.entities.step(model.entities.data, grads.entities, cmd.lr.entities);
    optimizers.relations.step(model.relations.data, grads.relations, cmd.lr.relations);
    model.applyConstraints(grads.entities.ids, grads.relations.ids);
    batchLosses[bi] = value;
    lossSum += value;
    examples += m;
  }
  reply({ type: 'epoch-done', epoch: cmd.epoch, lossSum, batches: cmd.batches.length, examples, batchLosses });
}

port.on('message', (cmd: EpochCommand) => {
  try {
    runEpoch(cmd);
  } catch (err) {
    reply({ type: 'error', message: (err as Error).stack ?? String(err) });
  }
});
