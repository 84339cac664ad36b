import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/registry.js';
import { defaultRanges, expandDefaultRanges, loadRangeRegistries } from '../../src/sweep/defaults.js';
import { prepareSweep } from '../../src/sweep/study.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import type { ParamDef } from '../../src/sweep/types.js';

const toy = new Registry<string>('toy')
  .register({
    name: 'Alpha',
    create: () => 'a',
    params: [
      { name: 'size', type: 'int', default: 8, low: 4, high: 64, log: true },
      { name: 'rate', type: 'float', default: 0.1, low: 0, high: 1, step: 0.1 },
      { name: 'mode', type: 'choice', default: 'x', values: ['x', 'y'] },
      { name: 'flag', type: 'bool', default: false },
      { name: 'label', type: 'string', default: 'n' },
    ],
  })
  .register({ name: 'Beta', create: () => 'b', params: [{ name: 'size', type: 'int', default: 8, low: 2, high: 8 }] });

describe('default ranges from registries', () => {
  it('turns declared ranges into parameters and skips params without one', () => {
    expect(defaultRanges(toy, 'alpha', 'model_kwargs')).toEqual([
      { name: 'model_kwargs.size', type: 'int', low: 4, high: 64, step: undefined, log: true, when: undefined, source: 'default' },
      { name: 'model_kwargs.rate', type: 'float', low: 0, high: 1, step: 0.1, log: false, when: undefined, source: 'default' },
      { name: 'model_kwargs.mode', type: 'choice', values: ['x', 'y'], log: false, when: undefined, source: 'default' },
    ]);
    expect(() => defaultRanges(toy, 'gamma', 'model_kwargs')).toThrow(/unknown toy 'gamma'/);
  });

  it('conditions ranges on a searched component, lets user ranges win and fixed kwargs stay fixed', () => {
    const user: ParamDef[] = [
      { name: 'model', type: 'choice', values: ['Alpha', 'Beta'], log: false, source: 'user' },
      { name: 'model_kwargs.mode', type: 'choice', values: ['y'], log: false, source: 'user' },
    ];
    const defs = expandDefaultRanges(user, ['model'], { model_kwargs: { rate: 0.5 } }, { model: toy });
    expect(defs.map((d) => [d.name, d.when, d.source])).toEqual([
      ['model', undefined, 'user'],
      ['model_kwargs.mode', undefined, 'user'],
      ['model_kwargs.size', { model: ['Alpha'] }, 'default'],
      ['model_kwargs.size', { model: ['Beta'] }, 'default'],
    ]);
    const fixedModel = expandDefaultRanges([], ['model'], { model: 'Beta' }, { model: toy });
    expect(fixedModel).toEqual([{ name: 'model_kwargs.size', type: 'int', low: 2, high: 8, step: undefined, log: false, when: undefined, source: 'default' }]);
    expect(() => expandDefaultRanges([], ['model'], {}, { model: toy })).toThrow(/needs 'model' set in the base config \(or its default\) or searched/);
  });

  it('reads the built-in registries (model, loss, optimizer, negative sampler)', async () => {
    const regs = await loadRangeRegistries(['model', 'loss', 'optimizer', 'negative_sampler']);
    const transe = defaultRanges(regs.model!, 'TransE', 'model_kwargs');
    expect(transe.find((d) => d.name === 'model_kwargs.embedding_dim')).toMatchObject({ type: 'int', low: 16, high: 256, log: true });
    expect(transe.find((d) => d.name === 'model_kwargs.scoring_fct_norm')).toMatchObject({ type: 'choice', values: [1, 2] });
    expect(defaultRanges(regs.optimizer!, 'adam', 'optimizer_kwargs')).toEqual([
      { name: 'optimizer_kwargs.lr', type: 'float', low: 1e-4, high: 1, step: undefined, log: true, when: undefined, source: 'default' },
    ]);
    expect(defaultRanges(regs.loss!, 'marginranking', 'loss_kwargs').map((d) => d.name)).toContain('loss_kwargs.margin');
    expect(defaultRanges(regs.negative_sampler!, 'basic', 'negative_sampler_kwargs').map((d) => d.name)).toContain('negative_sampler_kwargs.num_negs_per_pos');
  });

  it('use_default_ranges in a sweep file expands into the prepared study', async () => {
    const cfg = parseSweepConfig({
      dataset: 'nations',
      evaluation: { splits: ['valid'] },
      search: {
        strategy: 'tpe',
        num_trials: 5,
        use_default_ranges: ['model', 'optimizer'],
        parameters: [{ name: 'model', values: ['TransE', 'DistMult'] }],
      },
    });
    const prepared = await prepareSweep(cfg, { output: '/tmp/unused' });
    const names = prepared.search.parameters.map((d) => `${d.name}${d.when ? ` when ${JSON.stringify(d.when)}` : ''}`);
    expect(names).toEqual([
      'model',
      'model_kwargs.embedding_dim when {"model":["TransE"]}',
      'model_kwargs.scoring_fct_norm when {"model":["TransE"]}',
      'model_kwargs.embedding_dim when {"model":["DistMult"]}',
      'optimizer_kwargs.lr',
    ]);
  });
});
