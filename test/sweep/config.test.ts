import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSweepFile, normalizeMetric, parseSweepConfig } from '../../src/sweep/config.js';

function writeSweep(text: string): string {
  const dir = tempDir('kge-sweep-config-');
  const file = join(dir, 'my-sweep.yaml');
  writeFileSync(file, text);
  return file;
}

describe('sweep file parsing', () => {
  it('splits base config, output and search, and fills defaults', () => {
    const file = writeSweep(`
dataset: nations
model: TransE
seed: 7
output: out/sweep
search:
  strategy: tpe
  num_trials: 30
  metric: hits@10
  parameters:
    - name: model_kwargs.embedding_dim
      type: int
      low: 16
      high: 128
      step: 16
    - name: optimizer_kwargs.lr
      type: float
      low: 0.001
      high: 0.1
      log: true
    - name: loss
      values: [marginranking, softplus]
    - name: loss_kwargs.margin
      type: float
      low: 0.5
      high: 2
      when: {loss: marginranking}
`);
    const c = loadSweepFile(file);
    expect(c.base).toEqual({ dataset: 'nations', model: 'TransE', seed: 7 });
    expect(c.output).toBe('out/sweep');
    const s = c.search;
    expect(s.strategy).toBe('tpe');
    expect(s.num_trials).toBe(30);
    expect(s.metric).toBe('valid.both.realistic.hits_at_10');
    expect(s.direction).toBe('maximize');
    expect(s.seed).toBe(7); // from the base config
    expect(s.parameters[0]).toEqual({ name: 'model_kwargs.embedding_dim', type: 'int', low: 16, high: 128, step: 16, log: false, when: undefined, source: 'user' });
    expect(s.parameters[2]!.type).toBe('choice'); // inferred from values
    expect(s.parameters[3]!.when).toEqual({ loss: ['marginranking'] });
    expect(s.pruner.type).toBe('none');
    expect(s.tpe).toEqual({ n_startup_trials: 10, gamma: 0.25, n_ei_candidates: 24, prior_weight: 1 });
    expect(s.workers).toBe(1);
  });

  it('names an unknown key and its line', () => {
    const file = writeSweep(`dataset: nations
search:
  strategy: random
  num_trials: 3
  parameters:
    - name: x
      type: float
      low: 0
      hihg: 1
`);
    expect(() => loadSweepFile(file)).toThrow(/my-sweep\.yaml:6 search\.parameters\[0\]: unknown key 'hihg'; accepted: name, type, values/);
  });

  it('rejects unknown search keys, bad ranges and missing budgets', () => {
    const base = { dataset: 'nations' };
    const param = { name: 'x', type: 'float', low: 0, high: 1 };
    expect(() => parseSweepConfig({ ...base, search: { strategy: 'grid', parameters: [param], budget: 3 } })).toThrow(/unknown key 'budget'/);
    expect(() => parseSweepConfig({ ...base, search: { strategy: 'random', parameters: [param] } })).toThrow(/needs num_trials or timeout/);
    expect(() => parseSweepConfig({ ...base, search: { strategy: 'anneal', num_trials: 2, parameters: [param] } })).toThrow(/strategy: must be one of grid, random, tpe/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [{ ...param, low: 2 }] } })).toThrow(/low \(2\) must not exceed high \(1\)/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [{ ...param, log: true }] } })).toThrow(/log scale needs low > 0/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [{ name: 'x', type: 'int', low: 0.5, high: 3 }] } })).toThrow(/int bounds must be integers/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [{ name: 'x', type: 'choice', values: [] }] } })).toThrow(/non-empty 'values'/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [{ name: 'x', type: 'choice', values: [1], low: 0 }] } })).toThrow(/'low' does not apply to a choice/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [] } })).toThrow(/nothing to search/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, use_default_ranges: ['model', 'stopper'] } })).toThrow(/one of model, loss, optimizer, negative_sampler/);
    expect(() => parseSweepConfig({ ...base, search: { num_trials: 2, parameters: [param], tpe: { gama: 0.2 } } })).toThrow(/search\.tpe: unknown key 'gama'/);
    expect(() => parseSweepConfig(base)).toThrow(/missing 'search' block/);
  });

  it('reads pruner shorthand and use_default_ranges: true', () => {
    const c = parseSweepConfig({ search: { num_trials: 5, use_default_ranges: true, pruner: 'median', metric: 'valid.mean_rank' } });
    expect(c.search.use_default_ranges).toEqual(['model', 'loss', 'optimizer', 'negative_sampler']);
    expect(c.search.pruner).toEqual({ type: 'median', n_startup_trials: 5, n_warmup_steps: 0, n_min_trials: 1 });
    expect(c.search.metric).toBe('valid.both.realistic.mean_rank');
    // Smaller is better for mean rank, so the default direction flips.
    expect(c.search.direction).toBe('minimize');
  });

  it('normalizes metric paths to start with the split', () => {
    expect(normalizeMetric('mrr', 'm')).toBe('valid.both.realistic.mrr');
    expect(normalizeMetric('test.tail.optimistic.hits@3', 'm')).toBe('test.tail.optimistic.hits_at_3');
    expect(normalizeMetric('valid.score', 'm')).toBe('valid.both.realistic.score');
    expect(() => normalizeMetric('valid', 'm')).toThrow(/names a split but no metric/);
  });
});
