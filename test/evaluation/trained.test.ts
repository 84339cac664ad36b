import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from '../../src/pipeline/pipeline.js';
import { loadDataset } from '../../src/data/index.js';
import { evaluateRanking, filterSetsFor } from '../../src/evaluation/index.js';
import { TfjsScorer } from '../../src/models/tfjs-scorer.js';
import type { Model } from '../../src/models/model.js';
import { bruteForceRanks, knownSet } from './brute-force.js';
import { hasShared, tempDir, useSharedDatasets } from '../helpers.js';

/** TransE-L1 score written out directly from the definition, independent of every engine. */
function transeL1(model: Model) {
  const e = model.entities.data;
  const rel = model.relations.data;
  const d = model.entities.width;
  return (h: number, r: number, t: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.abs(e[h * d + j]! + rel[r * d + j]! - e[t * d + j]!);
    return -s;
  };
}

function bruteMrr(model: Model, triples: Int32Array, known: Set<string>): number {
  const f = transeL1(model);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < triples.length; i += 3) {
    for (const side of ['head', 'tail'] as const) {
      sum += 1 / bruteForceRanks(f, triples.subarray(i, i + 3), side, model.numEntities, known).realistic;
      n++;
    }
  }
  return sum / n;
}

describe.skipIf(!hasShared)('evaluator on trained models equals a brute-force recomputation', () => {
  beforeAll(useSharedDatasets);

  it('nations, TransE, all test triples', async () => {
    const r = await pipeline({ dataset: 'nations', model: 'TransE', training: { num_epochs: 20, batch_size: 256 }, optimizer_kwargs: { lr: 0.01 } }, { quiet: true });
    const ds = await loadDataset('nations', { quiet: true });
    const known = knownSet(filterSetsFor('test', ds).triples);
    const brute = bruteMrr(r.model!, ds.testing!.mappedTriples, known);
    expect(r.metrics.test!.both!.realistic!.mrr).toBeCloseTo(brute, 9);
    expect(brute).toBeGreaterThan(0.3);
  });

  it('fb15k237, TransE trained briefly, first 150 test triples, both sides', async () => {
    const r = await pipeline(
      { dataset: 'fb15k237', model: 'TransE', model_kwargs: { embedding_dim: 16 }, training: { num_epochs: 1, batch_size: 2048 }, optimizer_kwargs: { lr: 0.01 }, evaluation: { splits: [] } },
      { quiet: true },
    );
    const ds = await loadDataset('fb15k237', { quiet: true });
    const subset = ds.testing!.mappedTriples.subarray(0, 450);
    const filters = filterSetsFor('test', ds).triples;
    const scorer = new TfjsScorer(r.model!);
    const res = evaluateRanking(scorer, subset, { filterTriples: filters, quiet: true, batchSize: 64 });
    scorer.dispose();
    const brute = bruteMrr(r.model!, subset, knownSet(filters));
    expect(res.metrics.both.realistic.mrr).toBeCloseTo(brute, 6);
    expect(res.metrics.both.realistic.mrr).toBeGreaterThan(0.01); // far above random (~7e-4 for 14,541 candidates)
  });
});

describe.skipIf(!hasShared)('early stopping', () => {
  beforeAll(useSharedDatasets);

  it('restores the best epoch: the final valid metric equals the best recorded one', async () => {
    const out = join(tempDir(), 'es');
    const r = await pipeline(
      {
        dataset: 'nations',
        model: 'TransE',
        optimizer_kwargs: { lr: 0.05 },
        training: { num_epochs: 200, batch_size: 256 },
        stopper: 'early',
        stopper_kwargs: { frequency: 5, patience: 2, relative_delta: 0.002 },
        evaluation: { splits: ['valid', 'test'] },
        output: out,
      },
      { quiet: true },
    );
    const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const history = saved.validation_history as { epoch: number; metrics: { both: { realistic: { mrr: number } } } }[];
    const values = history.map((h) => h.metrics.both.realistic.mrr);
    const bestValue = Math.max(...values);
    const bestEpoch = history[values.indexOf(bestValue)]!.epoch;
    expect(r.stopped_early).toBe(true);
    expect(history.at(-1)!.epoch).toBeLessThan(200);
    expect(r.best_epoch).toBe(bestEpoch);
    expect(r.metrics.valid!.both!.realistic!.mrr).toBeCloseTo(bestValue, 12);
  });
});

describe.skipIf(!hasShared)('a finished early-stopped run serves the model it reports', () => {
  beforeAll(useSharedDatasets);

  it('kge evaluate on the run folder reproduces metrics.json (best epoch, not the last)', async () => {
    const { loadRun } = await import('../../src/pipeline/load-run.js');
    const out = join(tempDir(), 'es-serve');
    const r = await pipeline(
      {
        dataset: 'nations',
        model: 'DistMult',
        optimizer_kwargs: { lr: 0.05 },
        training: { num_epochs: 60, batch_size: 256 },
        stopper: 'early',
        stopper_kwargs: { frequency: 5, patience: 3, relative_delta: 0.0 },
        evaluation: { splits: ['test'] },
        output: out,
      },
      { quiet: true },
    );
    const run = await loadRun(out);
    expect(run.epoch).toBe(r.best_epoch);
    const scorer = run.engine.scorer(run.model);
    const res = evaluateRanking(scorer, run.dataset.testing!.mappedTriples, { filterTriples: filterSetsFor('test', run.dataset).triples, quiet: true });
    scorer.dispose();
    expect(res.metrics.both.realistic.mrr).toBeCloseTo(r.metrics.test!.both!.realistic!.mrr!, 12);
  });

  it('an aborted signal stops after the epoch with a checkpoint and no evaluation', async () => {
    const out = join(tempDir(), 'abort');
    const controller = new AbortController();
    const r = await pipeline(
      { dataset: 'nations', model: 'TransE', training: { num_epochs: 50, batch_size: 256 }, output: out },
      { quiet: true, signal: controller.signal, onEpoch: (epoch) => (epoch === 3 ? controller.abort() : undefined) },
    );
    expect(r.interrupted).toBe(true);
    expect(r.losses).toHaveLength(3);
    expect(r.metrics.test).toBeUndefined();
    const meta = JSON.parse(readFileSync(join(out, 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(meta.epoch).toBe(3);
  });
});
