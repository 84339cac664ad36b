import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipeline } from '../../src/pipeline/pipeline.js';
import { hasShared, tempDir, useSharedDatasets } from '../helpers.js';

const config = (name: string) => parse(readFileSync(new URL(`../../configs/${name}.yaml`, import.meta.url), 'utf8'));

describe.skipIf(!hasShared)('nations end to end (issue thresholds; PyKEEN 1.10: TransE 0.43-0.46, DistMult 0.67)', () => {
  beforeAll(useSharedDatasets);

  it('configs/nations-transe.yaml reaches test both-realistic MRR >= 0.40', async () => {
    const out = join(tempDir(), 'run');
    const r = await pipeline({ ...config('nations-transe'), output: out }, { quiet: true });
    const mrr = r.metrics.test!.both!.realistic!.mrr!;
    console.log(`nations TransE test MRR ${mrr.toFixed(4)} (engine ${r.engine})`);
    expect(mrr).toBeGreaterThanOrEqual(0.4);
    const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(saved.metrics.test.both.realistic.mrr).toBe(mrr);
    for (const side of ['head', 'tail']) expect(saved.metrics.test[side].realistic.hits_at_10).toBeGreaterThan(0);
    expect(saved.timings.training_triples_per_second).toBeGreaterThan(0);
    expect(saved.dataset).toEqual({ name: 'nations', num_entities: 14, num_relations: 55, num_triples: { train: 1592, valid: 199, test: 201 } });
  });

  it('configs/nations-distmult.yaml reaches test both-realistic MRR >= 0.60', async () => {
    const r = await pipeline({ ...config('nations-distmult'), output: null }, { quiet: true });
    const mrr = r.metrics.test!.both!.realistic!.mrr!;
    console.log(`nations DistMult test MRR ${mrr.toFixed(4)} (engine ${r.engine})`);
    expect(mrr).toBeGreaterThanOrEqual(0.6);
  });

  it('the same config and seed give identical losses.csv', async () => {
    const dirs = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    for (const output of dirs) {
      await pipeline({ ...config('nations-transe'), training: { num_epochs: 5, batch_size: 256 }, output }, { quiet: true });
    }
    const [a, b] = dirs.map((d) => readFileSync(join(d, 'losses.csv'), 'utf8'));
    expect(a!.split('\n').length).toBe(7);
    expect(a).toBe(b);
  });
});
