/** What sweep() checks before the first trial, so a broken setup fails at once instead of in every trial. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/pipeline/config.js';
import { checkStopperMetric, checkStudyMetric, probeParams, rangeEnds } from '../../src/sweep/preflight.js';
import { SearchSpace } from '../../src/sweep/space.js';
import { sweep } from '../../src/sweep/index.js';
import type { ParamDef } from '../../src/sweep/types.js';
import { writeTinyData } from './fixtures/tiny-data.js';
import { tempDir } from './helpers.js';

const def = (d: Partial<ParamDef> & { name: string; type: ParamDef['type'] }): ParamDef => ({ log: false, source: 'user', ...d });

/** A sweep on tiny files, run with the pipeline, that must be refused before any trial. */
function tinySweep(extra: Record<string, unknown>, search: Record<string, unknown> = {}) {
  const dir = tempDir();
  return {
    dir,
    file: {
      dataset: writeTinyData(join(dir, 'data')),
      model_kwargs: { embedding_dim: 4 },
      training: { num_epochs: 1, batch_size: 8 },
      evaluation: { splits: ['valid'] },
      output: join(dir, 'out'),
      ...extra,
      search: { strategy: 'grid', parameters: [{ name: 'model', values: ['TransE', 'DistMult'] }], ...search },
    },
  };
}

/** Asserts the sweep is refused with `pattern` and that no study (so no trial) was created. */
async function refused(s: ReturnType<typeof tinySweep>, pattern: RegExp): Promise<string> {
  let message = '';
  await expect(
    sweep(s.file, { quiet: true }).catch((err: Error) => {
      message = err.message;
      throw err;
    }),
  ).rejects.toThrow(pattern);
  expect(existsSync(join(s.dir, 'out', 'study.db'))).toBe(false);
  return message;
}

describe('probe parameters', () => {
  it('reach every choice and both ends of every range, each with its condition met', () => {
    expect(rangeEnds(def({ name: 'd', type: 'int', low: 16, high: 100, step: 16 }))).toEqual([16, 96]);
    expect(rangeEnds(def({ name: 'lr', type: 'float', low: 1e-4, high: 0.1, log: true }))).toEqual([1e-4, 0.1]);
    expect(rangeEnds(def({ name: 'x', type: 'float', low: 0, high: 0.5, step: 0.2 }))).toEqual([0, 0.4]);
    expect(rangeEnds(def({ name: 'n', type: 'int', low: 3, high: 3 }))).toEqual([3]);

    const space = new SearchSpace([
      def({ name: 'model', type: 'choice', values: ['TransE', 'DistMult'] }),
      def({ name: 'model_kwargs.scoring_fct_norm', type: 'choice', values: [1, 2], when: { model: ['transe'] } }),
      def({ name: 'model_kwargs.embedding_dim', type: 'int', low: 16, high: 100, step: 16 }),
      // Never active: the base config's loss is not softplus.
      def({ name: 'loss_kwargs.margin', type: 'float', low: 0.5, high: 2, when: { loss: ['softplus'] } }),
    ], { loss: 'marginranking' });
    const probes = probeParams(space, 7);
    expect(probes.map((p) => p.label)).toEqual([
      'a random draw',
      'model = "TransE"',
      'model = "DistMult"',
      'model_kwargs.scoring_fct_norm = 1',
      'model_kwargs.scoring_fct_norm = 2',
      'model_kwargs.embedding_dim = 16',
      'model_kwargs.embedding_dim = 96',
    ]);
    expect(probes[3]!.params).toMatchObject({ model: 'TransE', 'model_kwargs.scoring_fct_norm': 1 });
    expect(probes[4]!.params).toMatchObject({ model: 'TransE', 'model_kwargs.scoring_fct_norm': 2 });
    expect(probes[2]!.params).not.toHaveProperty('model_kwargs.scoring_fct_norm');
    expect(probes[6]!.params['model_kwargs.embedding_dim']).toBe(96);
  });
});

describe('metric paths', () => {
  const config = resolveConfig({ evaluation: { splits: ['valid'], sides: ['tail'], ks: [1, 10] } });

  it('accept what the evaluator produces and name the wrong part otherwise', () => {
    expect(() => checkStudyMetric('valid.both.realistic.mrr', config, 's.yaml')).not.toThrow();
    expect(() => checkStudyMetric('valid.tail.pessimistic.z_hits_at_10', config, 's.yaml')).not.toThrow();
    expect(() => checkStudyMetric('valid.both.realistic.mrrr', config, 's.yaml')).toThrow(
      /^s\.yaml search\.metric: unknown metric key 'mrrr' in 'valid\.both\.realistic\.mrrr'; valid keys: count, mean_rank, mrr, median_rank, .*hits_at_1, hits_at_10, /,
    );
    expect(() => checkStudyMetric('valid.both.realistic.hits_at_5', config, 's.yaml')).toThrow(/hits_at_5 needs 5 in evaluation\.ks, which is \[1, 10\]/);
    expect(() => checkStudyMetric('valid.head.realistic.mrr', config, 's.yaml')).toThrow(/unknown side 'head' .*\(evaluation\.sides is \[tail\]\); valid sides: both, tail/);
    expect(() => checkStudyMetric('valid.both.real.mrr', config, 's.yaml')).toThrow(/unknown rank type 'real' .*valid rank types: optimistic, realistic, pessimistic/);
    expect(() => checkStudyMetric('valid.realistic.mrr', config, 's.yaml')).toThrow(/needs <side>\.<rank type>\.<metric key>/);
    expect(() => checkStudyMetric('test.both.realistic.mrr', config, 's.yaml')).toThrow(/read from the test split, but evaluation\.splits is \[valid\]/);
  });

  it('tell the stopper metric (relative to the validation split) from the study metric', () => {
    const stopper = (metric: unknown) => resolveConfig({ ...config, stopper: 'early', stopper_kwargs: { metric } });
    expect(() => checkStopperMetric(stopper('both.realistic.mrr'), 's.yaml')).not.toThrow();
    expect(() => checkStopperMetric(stopper('hits@10'), 's.yaml')).not.toThrow();
    expect(() => checkStopperMetric(stopper('valid.both.realistic.mrr'), 's.yaml')).toThrow(
      /^s\.yaml stopper_kwargs\.metric: 'valid\.both\.realistic\.mrr' starts with a split, .*write 'both\.realistic\.mrr'/,
    );
    expect(() => checkStopperMetric(stopper('both.realistic.mmr'), 's.yaml')).toThrow(/unknown metric key 'mmr'/);
    const alias = resolveConfig({ ...config, stopper: 'Early_Stopper', stopper_kwargs: { metric: 'valid.both.realistic.mrr' } });
    expect(() => checkStopperMetric(alias, 's.yaml')).toThrow(/starts with a split/);
    // A stopper other than the built-in early stopper may read its metric its own way.
    const other = resolveConfig({ ...config, stopper: 'my_plugin_stopper', stopper_kwargs: { metric: 'valid.anything' } });
    expect(() => checkStopperMetric(other, 's.yaml')).not.toThrow();
  });
});

describe('sweep() refuses before the first trial', () => {
  const savedHome = process.env.KGE_DATA_HOME;
  afterEach(() => {
    if (savedHome === undefined) delete process.env.KGE_DATA_HOME;
    else process.env.KGE_DATA_HOME = savedHome;
  });

  it('a registry dataset that is not in the cache', async () => {
    process.env.KGE_DATA_HOME = tempDir('kge-empty-home-');
    const message = await refused(tinySweep({ dataset: 'nations' }), /every trial would fail: .*dataset 'nations' is not in the cache/);
    expect(message).toContain(join(process.env.KGE_DATA_HOME, 'nations', 'train.txt'));
    expect(message).toContain('kge datasets download nations');
  });

  it('a missing dataset file', async () => {
    const s = tinySweep({});
    (s.file.dataset as { valid: string }).valid = join(s.dir, 'nope.txt');
    await refused(s, /dataset: every trial would fail: dataset\.valid: file not found: .*nope\.txt/);
  });

  const haveGpuBinding = (() => {
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(haveGpuBinding)('device: gpu without the GPU binding', async () => {
    await refused(tinySweep({ device: 'gpu' }), /device: every trial would fail: device 'gpu' needs @tensorflow\/tfjs-node-gpu/);
  });

  it('a misspelled metric key, named as such rather than blamed on the splits', async () => {
    const message = await refused(tinySweep({}, { metric: 'valid.both.realistic.mrrr' }), /unknown metric key 'mrrr'.*; valid keys: count, mean_rank, mrr,/);
    expect(message).not.toContain('evaluation.splits');
  });

  it('a stopper metric written with the split', async () => {
    await refused(
      tinySweep({ stopper: 'early', stopper_kwargs: { frequency: 1, metric: 'valid.both.realistic.mrr' } }),
      /stopper_kwargs\.metric: 'valid\.both\.realistic\.mrr' starts with a split/,
    );
  });

  it('ranges that reach invalid values of registry parameters, and unknown names', async () => {
    await refused(
      tinySweep({}, { strategy: 'random', num_trials: 3, parameters: [{ name: 'optimizer_kwargs.lr', type: 'float', low: 0, high: 0.1 }] }),
      /trials would fail with optimizer_kwargs\.lr = 0 \(parameters .*\): optimizer_kwargs\.lr: lr must be > 0, got 0/,
    );
    await refused(
      tinySweep({}, { strategy: 'random', num_trials: 3, parameters: [{ name: 'model_kwargs.embedding_dim', type: 'int', low: 0, high: 64 }] }),
      /model_kwargs\.embedding_dim = 0 .*embedding_dim must be >= 1, got 0/,
    );
    await refused(
      tinySweep({}, { strategy: 'random', num_trials: 3, parameters: [{ name: 'model_kwargs.embeding_dim', type: 'int', low: 8, high: 64 }] }),
      /unknown argument 'embeding_dim' for TransE.*; accepted: embedding_dim/,
    );
    await refused(tinySweep({}, { parameters: [{ name: 'optimizer', values: ['adam', 'adamm'] }] }), /unknown optimizer "adamm"; choose from: adam, adagrad, sgd/);
    await refused(
      tinySweep({}, { parameters: [{ name: 'regularizer', values: [null, 'lp', 'l9'] }] }),
      /trials would fail with grid point 2 \(parameters \{"regularizer":"l9"\}\): regularizer: unknown regularizer 'l9'.*; choose one of: lp/,
    );
    // Parse-time checks (config.test.ts has more): impossible ranges never reach a trial either.
    await refused(tinySweep({}, { strategy: 'random', num_trials: 3, parameters: [{ name: 'optimizer_kwargs.lr', type: 'float', low: 0.1, high: 0.01 }] }), /low \(0\.1\) must not exceed high \(0\.01\)/);
    await refused(tinySweep({}, { strategy: 'random', num_trials: 3, parameters: [{ name: 'optimizer_kwargs.lr', type: 'float', low: 0, high: 0.1, log: true }] }), /log scale needs low > 0, got 0/);
  });

  it('lets a valid conditional space through (each value is checked where it applies)', async () => {
    const s = tinySweep({}, {
      parameters: [
        { name: 'model', values: ['TransE', 'DistMult'] },
        { name: 'model_kwargs.scoring_fct_norm', values: [1, 2], when: { model: 'TransE' } },
      ],
    });
    const seen: unknown[] = [];
    const res = await sweep(s.file, {
      quiet: true,
      runner: async (ctx) => {
        seen.push(ctx.params);
        return { metrics: { valid: { both: { realistic: { mrr: 0.5 } } } } };
      },
    });
    expect(res.ran).toBe(3);
    expect(seen).toEqual([
      { model: 'TransE', 'model_kwargs.scoring_fct_norm': 1 },
      { model: 'TransE', 'model_kwargs.scoring_fct_norm': 2 },
      { model: 'DistMult' },
    ]);
  });
});
