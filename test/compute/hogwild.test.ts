import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/random.js';
import { resolveLoss } from '../../src/losses/index.js';
import { optimizerRegistry } from '../../src/training/optimizers/index.js';
import { train } from '../../src/training/trainer.js';
import { FusedEngine } from '../../src/training/engines/fused-engine.js';
import { fusedKernelFor } from '../../src/compute/fused/index.js';
import { TriplesFactory } from '../../src/data/triples-factory.js';
import { samplerRegistry } from '../../src/sampling/index.js';
import { trainHogwild } from '../../src/training/workers/hogwild.js';
import type { Interaction } from '../../src/models/interaction.js';
import { makeModel, randomTriples } from './helpers.js';

const NE = 40;
const NR = 6;

function setup(optName: 'adam' | 'adagrad' | 'sgd', modelName = 'TransE', kwargs: Record<string, unknown> = { scoring_fct_norm: 1 }) {
  const model = makeModel(modelName, kwargs, 8, NE, NR, 5);
  // Distinct triples: the sampler's factory drops duplicates, and both runs must see one set.
  const triples = TriplesFactory.fromMappedTriples(randomTriples(createRng('hogwild'), 300, NE, NR), { numEntities: NE, numRelations: NR }).mappedTriples;
  const optKw = { lr: optName === 'adam' ? 0.01 : 0.1 };
  const factory = optimizerRegistry.create(optName, optKw);
  const optimizers = { entities: factory(NE, model.entities.width), relations: factory(NR, model.relations.width) };
  return { model, triples, optimizers, optimizer: { name: optName, kwargs: optKw } };
}

const common = { numEpochs: 3, batchSize: 64, seed: 9, quiet: true };
const sampler = { name: 'basic', kwargs: { num_negs_per_pos: 2 } };
const loss = { name: 'marginranking', kwargs: {} };

describe('Hogwild training (worker threads over shared tables)', () => {
  for (const opt of ['adam', 'adagrad', 'sgd'] as const) {
    it(`one worker reproduces the single-thread fused trainer bit for bit (${opt})`, async () => {
      const a = setup(opt);
      const single = await train({
        ...common,
        model: a.model,
        loss: resolveLoss(loss.name, loss.kwargs, { numEntities: NE }),
        engine: new FusedEngine(fusedKernelFor(a.model.interaction)!),
        optimizers: a.optimizers,
        triples: a.triples,
        loop: 'slcwa',
        sampler: samplerRegistry.create(sampler.name, sampler.kwargs, { factory: TriplesFactory.fromMappedTriples(a.triples, { numEntities: NE, numRelations: NR }) }),
      });
      const b = setup(opt);
      const hog = await trainHogwild({ ...common, model: b.model, triples: b.triples, numWorkers: 1, loss, sampler, optimizer: b.optimizer, optimizers: b.optimizers });
      expect(hog.losses).toEqual(single.losses);
      expect(hog.examplesSeen).toBe(single.examplesSeen);
      expect(Array.from(b.model.entities.data)).toEqual(Array.from(a.model.entities.data));
      expect(Array.from(b.model.relations.data)).toEqual(Array.from(a.model.relations.data));
      // The shared optimizer state came back into the trainer's optimizer.
      const sa = a.optimizers.entities.state();
      const sb = b.optimizers.entities.state();
      for (const key of Object.keys(sa)) {
        if (typeof sa[key] === 'number') expect(sb[key]).toBe(sa[key]);
        else expect(Array.from(sb[key] as Float32Array)).toEqual(Array.from(sa[key] as Float32Array));
      }
    });
  }

  it('two workers train (loss falls) and count every step in the shared Adam state', async () => {
    const s = setup('adam', 'DistMult', {});
    const before = s.model.entities.snapshot();
    const res = await trainHogwild({ ...common, numEpochs: 4, model: s.model, triples: s.triples, numWorkers: 2, loss: { name: 'softplus', kwargs: {} }, sampler, optimizer: s.optimizer, optimizers: s.optimizers });
    expect(res.losses).toHaveLength(4);
    expect(res.losses.every(Number.isFinite)).toBe(true);
    expect(res.losses[3]!).toBeLessThan(res.losses[0]!);
    expect(res.examplesSeen).toBe(4 * (s.triples.length / 3));
    // 300 distinct-ish triples / 64 per batch = 5 batches per epoch, 4 epochs, one shared counter.
    const batches = Math.ceil(s.triples.length / 3 / 64);
    expect(s.optimizers.entities.state().t).toBe(4 * batches);
    expect(Array.from(s.model.entities.data)).not.toEqual(Array.from(before));
  });

  it('refuses an interaction without a fused kernel, naming the key', async () => {
    const s = setup('sgd');
    const custom: Interaction = { name: 'Custom', entityWidth: (d) => d, relationWidth: (d) => d, score: (h) => h };
    const model = Object.assign(Object.create(Object.getPrototypeOf(s.model)), s.model, { interaction: custom });
    await expect(trainHogwild({ ...common, model, triples: s.triples, numWorkers: 2, loss, sampler, optimizer: s.optimizer, optimizers: s.optimizers })).rejects.toThrow(/num_workers/);
  });
});
