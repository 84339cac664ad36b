import { describe, expect, it } from 'vitest';
import { SearchSpace } from '../../src/sweep/space.js';
import { RandomStrategy } from '../../src/sweep/strategies/random.js';
import { TpeStrategy } from '../../src/sweep/strategies/tpe.js';
import type { Strategy } from '../../src/sweep/strategies/strategy.js';
import type { Observation, ParamDef, Params } from '../../src/sweep/types.js';

const defs: ParamDef[] = [
  { name: 'x', type: 'float', low: -5, high: 5, log: false, source: 'user' },
  { name: 'y', type: 'float', low: -5, high: 5, log: false, source: 'user' },
  { name: 'lr', type: 'float', low: 1e-5, high: 1, log: true, source: 'user' },
  { name: 'c', type: 'choice', values: ['a', 'b', 'c', 'd'], log: false, source: 'user' },
];
// Shifted quadratic in x, y, log10(lr), plus a per-category offset; minimum 0 at (1.3, -2.1, 10^-2.5, 'b').
const offsets: Record<string, number> = { a: 2, b: 0, c: 1, d: 3 };
const f = (p: Params) => ((p.x as number) - 1.3) ** 2 + ((p.y as number) + 2.1) ** 2 + (Math.log10(p.lr as number) + 2.5) ** 2 + offsets[p.c as string]!;

function bestAfter(strategy: Strategy, budget: number): number {
  const history: Observation[] = [];
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    const params = strategy.suggest(i, history)!;
    const value = f(params);
    best = Math.min(best, value);
    history.push({ number: i, status: 'complete', params, value });
  }
  return best;
}

describe('TPE', () => {
  const space = new SearchSpace(defs);

  it('beats random search in mean best value over 20 seeds (budget 40)', () => {
    let tpe = 0;
    let random = 0;
    for (let seed = 0; seed < 20; seed++) {
      tpe += bestAfter(new TpeStrategy(space, seed, 'minimize'), 40) / 20;
      random += bestAfter(new RandomStrategy(space, seed), 40) / 20;
    }
    console.log(`mean best over 20 seeds, budget 40: TPE ${tpe.toFixed(3)}, random ${random.toFixed(3)}`);
    expect(tpe).toBeLessThan(0.8 * random);
  });

  it('starts with the random draws, then is deterministic given the history', () => {
    const tpe = new TpeStrategy(space, 5, 'minimize', { n_startup_trials: 3 });
    const rnd = new RandomStrategy(space, 5);
    const history: Observation[] = [];
    for (let i = 0; i < 3; i++) {
      const p = tpe.suggest(i, history);
      expect(p).toEqual(rnd.suggest(i));
      history.push({ number: i, status: 'complete', params: p, value: f(p) });
    }
    const next = tpe.suggest(3, history);
    expect(next).not.toEqual(rnd.suggest(3));
    expect(tpe.suggest(3, history)).toEqual(next);
  });

  it('counts pruned trials as finished for the start-up phase', () => {
    const tpe = new TpeStrategy(space, 9, 'minimize', { n_startup_trials: 4 });
    const rnd = new RandomStrategy(space, 9);
    const history: Observation[] = [0, 1, 2, 3].map((i) => {
      const params = rnd.suggest(i);
      return { number: i, status: i === 0 ? 'complete' : 'pruned', params, value: i === 0 ? f(params) : null };
    });
    expect(tpe.suggest(4, history)).not.toEqual(rnd.suggest(4));
    // Without any completed value there is nothing to split: still random.
    const allPruned = history.map((o) => ({ ...o, status: 'pruned' as const }));
    expect(tpe.suggest(4, allPruned)).toEqual(rnd.suggest(4));
  });

  it('follows the good group: with all good trials at c = b, proposes b', () => {
    const history: Observation[] = [];
    for (let i = 0; i < 20; i++) {
      const c = i < 5 ? 'b' : 'd';
      history.push({ number: i, status: 'complete', params: { x: 0, y: 0, lr: 0.01, c }, value: c === 'b' ? 0 : 10 + i });
    }
    const tpe = new TpeStrategy(space, 1, 'minimize');
    for (let n = 20; n < 25; n++) expect(tpe.suggest(n, history).c).toBe('b');
    // The same ranking under maximize: negated values give the same proposals.
    const negated = history.map((o) => ({ ...o, value: -o.value! }));
    const max = new TpeStrategy(space, 1, 'maximize');
    for (let n = 20; n < 25; n++) expect(max.suggest(n, negated)).toEqual(tpe.suggest(n, history));
    // ...and the unnegated values under maximize make 'd' the good group, so 'b' is never proposed.
    for (let n = 20; n < 25; n++) expect(max.suggest(n, history).c).not.toBe('b');
  });

  it('proposes a conditional parameter only where it is active, modelled on trials where it was', () => {
    const cond: ParamDef[] = [
      { name: 'model', type: 'choice', values: ['A', 'B'], log: false, source: 'user' },
      { name: 'k', type: 'int', low: 1, high: 9, log: false, source: 'user', when: { model: ['A'] } },
    ];
    const s = new SearchSpace(cond);
    const history: Observation[] = [];
    for (let i = 0; i < 16; i++) {
      const params: Params = i % 2 ? { model: 'A', k: 1 + (i % 9) } : { model: 'B' };
      history.push({ number: i, status: 'complete', params, value: params.model === 'A' ? Math.abs((params.k as number) - 7) : 5 });
    }
    const tpe = new TpeStrategy(s, 2, 'minimize');
    for (let n = 16; n < 26; n++) {
      const p = tpe.suggest(n, history);
      if (p.model === 'B') expect(p).toEqual({ model: 'B' });
      else expect(Number.isInteger(p.k) && (p.k as number) >= 1 && (p.k as number) <= 9).toBe(true);
    }
  });
});
