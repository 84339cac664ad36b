import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/pipeline/pipeline.js';
import { loadDataset } from '../../src/data/index.js';
import { modelRegistry } from '../../src/models/model.js';
import { TfjsScorer } from '../../src/models/tfjs-scorer.js';
import { evaluateRanking, filterSetsFor } from '../../src/evaluation/index.js';
import { childRng } from '../../src/util/random.js';
import { hasShared, useSharedDatasets } from '../helpers.js';

const SEED = 42;

/** Test MRR of TransE right after initialization (same seed, so the same starting point). */
async function untrainedMrr(): Promise<number> {
  const ds = await loadDataset('nations', { quiet: true });
  const model = modelRegistry.create('TransE', { embedding_dim: 32 }, { numEntities: ds.training.numEntities, numRelations: ds.training.numRelations, rng: childRng(SEED, 'init') });
  const scorer = new TfjsScorer(model);
  const res = evaluateRanking(scorer, ds.testing!.mappedTriples, { filterTriples: filterSetsFor('test', ds).triples, quiet: true });
  scorer.dispose();
  return res.metrics.both.realistic.mrr!;
}

describe.skipIf(!hasShared)('every loss family trains TransE on nations past the untrained model', () => {
  let baseline = 0;
  beforeAll(async () => {
    useSharedDatasets();
    baseline = await untrainedMrr();
  });

  it.each([
    ['focal', {}],
    ['nssa', {}],
    ['softplus', {}],
    ['bcewithlogits', {}],
    ['crossentropy', {}],
    ['marginranking', {}],
    ['infonce', {}],
  ])('%s', async (loss, loss_kwargs) => {
    const r = await pipeline(
      {
        seed: SEED,
        dataset: 'nations',
        model: 'TransE',
        model_kwargs: { embedding_dim: 32 },
        loss,
        loss_kwargs,
        optimizer_kwargs: { lr: 0.01 },
        negative_sampler_kwargs: { num_negs_per_pos: 4 },
        training: { num_epochs: 30, batch_size: 256 },
      },
      { quiet: true },
    );
    const mrr = r.metrics.test!.both!.realistic!.mrr!;
    console.log(`nations TransE ${loss}: test MRR ${mrr.toFixed(4)} vs untrained ${baseline.toFixed(4)}`);
    expect(mrr).toBeGreaterThan(baseline + 0.05);
  });

  // Double margin asks positives to score >= positive_margin (1) and negatives <= -negative_margin
  // (0): unreachable for TransE, whose scores are negative distances, so it is checked with DistMult.
  it('doublemargin (DistMult)', async () => {
    const common = { seed: SEED, dataset: 'nations', model: 'DistMult', model_kwargs: { embedding_dim: 32 }, evaluation: { ks: [1, 10] } };
    const untrained = await pipeline({ ...common, optimizer_kwargs: { lr: 1e-6 }, training: { num_epochs: 1, batch_size: 4096 } }, { quiet: true });
    const r = await pipeline({ ...common, loss: 'doublemargin', optimizer_kwargs: { lr: 0.01 }, negative_sampler_kwargs: { num_negs_per_pos: 4 }, training: { num_epochs: 30, batch_size: 256 } }, { quiet: true });
    const [before, after] = [untrained, r].map((x) => x.metrics.test!.both!.realistic!.mrr!);
    console.log(`nations DistMult doublemargin: test MRR ${after!.toFixed(4)} vs untrained ${before!.toFixed(4)}`);
    expect(after).toBeGreaterThan(before! + 0.05);
  });
});
