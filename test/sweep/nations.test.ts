/** Real training: a small grid on Nations through the CLI, and best-config.yaml reproducing the best trial. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { registerSweepCommand } from '../../src/cli/sweep.js';
import { pipeline } from '../../src/pipeline/pipeline.js';
import { openStorage } from '../../src/sweep/storage/index.js';
import { hasShared, useSharedDatasets } from '../helpers.js';
import { tempDir } from './helpers.js';

useSharedDatasets();

async function kge(args: string[]): Promise<string> {
  const program = new Command();
  program.exitOverride();
  registerSweepCommand(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'kge', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe.skipIf(!hasShared)('sweep on Nations with the pipeline', () => {
  afterEach(() => vi.restoreAllMocks());

  it('kge sweep runs a grid with validation checkpoints; best-config.yaml reproduces the best value', async () => {
    const dir = tempDir();
    const file = join(dir, 'tiny-grid.yaml');
    writeFileSync(
      file,
      stringify({
        dataset: 'nations',
        seed: 3,
        model_kwargs: { embedding_dim: 16 },
        optimizer_kwargs: { lr: 0.02 },
        training: { num_epochs: 4, batch_size: 256 },
        stopper: 'early',
        stopper_kwargs: { frequency: 2, patience: 5 },
        evaluation: { splits: ['valid'] },
        output: join(dir, 'out'),
        search: {
          strategy: 'grid',
          metric: 'valid.both.realistic.mrr',
          parameters: [{ name: 'model', values: ['TransE', 'DistMult'] }],
        },
      }),
    );
    const printed = await kge(['sweep', '--config', file, '--quiet']);
    expect(printed).toMatch(/best trials \(maximize valid\.both\.realistic\.mrr\)/);

    const storage = await openStorage(join(dir, 'out', 'study.db'));
    const study = (await storage.getStudy('tiny-grid'))!;
    const trials = await storage.listTrials(study.id);
    await storage.close();
    expect(trials.map((t) => t.params.model)).toEqual(['TransE', 'DistMult']);
    expect(trials.every((t) => t.status === 'complete')).toBe(true);
    for (const t of trials) {
      // Checkpoints at epochs 2 and 4 reached the pruner's storage; epoch 4 is the final model.
      expect(Object.keys(t.intermediate).map(Number)).toEqual([2, 4]);
      const metrics = JSON.parse(readFileSync(join(t.runDir!, 'metrics.json'), 'utf8'));
      expect(metrics.validation_history.map((h: { epoch: number }) => h.epoch)).toEqual([2, 4]);
      expect(t.intermediate[4]).toBeCloseTo(metrics.validation_history[1].metrics.both.realistic.mrr, 12);
      expect(t.value).toBeCloseTo(metrics.metrics.valid.both.realistic.mrr, 12);
    }

    const best = trials.reduce((a, b) => (b.value! > a.value! ? b : a));
    const bestConfig = parse(readFileSync(join(dir, 'out', 'best-config.yaml'), 'utf8'));
    expect(bestConfig.model).toBe(best.params.model);
    expect(bestConfig.output).toBeUndefined();
    const rerun = await pipeline({ ...bestConfig, output: join(dir, 'rerun') }, { quiet: true });
    expect(rerun.metrics.valid!.both!.realistic!.mrr).toBeCloseTo(best.value!, 10);

    const status = await kge(['sweep', 'status', '--config', file]);
    expect(status).toContain(`trials: 2 finished of 2 (2 complete, 0 pruned, 0 failed, 0 running, 0 queued)`);
    expect(status).toContain(`best: trial ${best.number}`);
  });
});
