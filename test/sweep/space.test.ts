import { describe, expect, it } from 'vitest';
import { bin, domain, fromInternal, gridValues, SearchSpace } from '../../src/sweep/space.js';
import type { ParamDef } from '../../src/sweep/types.js';
import { createRng } from '../../src/util/random.js';

const def = (d: Partial<ParamDef> & Pick<ParamDef, 'name' | 'type'>): ParamDef => ({ log: false, source: 'user', ...d });

describe('search space', () => {
  const model = def({ name: 'model', type: 'choice', values: ['TransE', 'DistMult'] });
  const norm = def({ name: 'model_kwargs.scoring_fct_norm', type: 'choice', values: [1, 2], when: { model: ['TransE'] } });
  const dim = def({ name: 'model_kwargs.embedding_dim', type: 'int', low: 16, high: 48, step: 16 });

  it('expands a grid only where conditional parameters are active', () => {
    const grid = new SearchSpace([model, norm, dim]).grid();
    // TransE: 2 norms x 3 dims; DistMult: 3 dims.
    expect(grid).toHaveLength(9);
    expect(grid[0]).toEqual({ model: 'TransE', 'model_kwargs.scoring_fct_norm': 1, 'model_kwargs.embedding_dim': 16 });
    expect(grid[5]).toEqual({ model: 'TransE', 'model_kwargs.scoring_fct_norm': 2, 'model_kwargs.embedding_dim': 48 });
    expect(grid[6]).toEqual({ model: 'DistMult', 'model_kwargs.embedding_dim': 16 });
    expect(grid.filter((p) => p.model === 'DistMult').every((p) => !('model_kwargs.scoring_fct_norm' in p))).toBe(true);
  });

  it('evaluates conditions on keys that are not searched against the base config, names compared like the registry', () => {
    const space = new SearchSpace([norm, dim], { model: 'trans_e' });
    expect(space.isActive(norm, {})).toBe(true);
    expect(new SearchSpace([norm, dim], { model: 'DistMult' }).grid()).toHaveLength(3);
  });

  it('rejects a duplicate key without conditions and a condition on a later parameter', () => {
    expect(() => new SearchSpace([dim, dim])).toThrow(/defined twice/);
    expect(() => new SearchSpace([norm, model])).toThrow(/must be listed before it/);
    // Alternatives per model are fine.
    const dimT = { ...dim, when: { model: ['TransE'] } };
    const dimD = { ...dim, high: 32, when: { model: ['DistMult'] } };
    expect(new SearchSpace([model, dimT, dimD]).grid()).toHaveLength(3 + 2);
  });

  it('maps values to the internal axis: steps become bins, log scale for log', () => {
    const lr = def({ name: 'lr', type: 'float', low: 1e-4, high: 1, log: true });
    expect(domain(lr)).toEqual({ lower: Math.log(1e-4), upper: 0 });
    const logInt = def({ name: 'n', type: 'int', low: 1, high: 8, log: true });
    const d = domain(logInt);
    expect(d.lower).toBeCloseTo(Math.log(0.5), 12);
    expect(d.upper).toBeCloseTo(Math.log(8.5), 12);
    expect(fromInternal(logInt, Math.log(3.4))).toBe(3);
    expect(fromInternal(logInt, Math.log(3.6))).toBe(4);
    expect(bin(logInt, 3)).toEqual([Math.log(2.5), Math.log(3.5)]);
    const stepped = def({ name: 'm', type: 'float', low: 0, high: 1, step: 0.25 });
    expect(gridValues(stepped)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(fromInternal(stepped, 0.6)).toBe(0.5);
    expect(fromInternal(stepped, 1.1)).toBe(1);
    expect(fromInternal(dim, 47)).toBe(48);
    expect(() => gridValues(def({ name: 'f', type: 'float', low: 0, high: 1 }))).toThrow(/has no 'step'/);
  });

  it('draws log-scale floats log-uniformly and ints on their grid', () => {
    const lr = def({ name: 'lr', type: 'float', low: 1e-4, high: 1, log: true });
    const space = new SearchSpace([lr, dim]);
    const rng = createRng(3);
    let belowMid = 0;
    const dims = new Set<unknown>();
    for (let i = 0; i < 4000; i++) {
      const p = space.sample(rng);
      const x = p.lr as number;
      expect(x).toBeGreaterThanOrEqual(1e-4);
      expect(x).toBeLessThanOrEqual(1);
      if (x < 1e-2) belowMid++;
      dims.add(p['model_kwargs.embedding_dim']);
    }
    // 1e-2 is the log-midpoint of [1e-4, 1]: half the draws fall below it (a uniform draw: 1%).
    expect(belowMid / 4000).toBeGreaterThan(0.47);
    expect(belowMid / 4000).toBeLessThan(0.53);
    expect([...dims].sort()).toEqual([16, 32, 48]);
  });
});
