import { describe, expect, it } from 'vitest';
import { Registry } from '../src/registry.js';

describe('Registry', () => {
  const reg = new Registry<{ margin: number }>('loss', 'loss');
  reg.register({
    name: 'MarginRanking',
    params: [{ name: 'margin', type: 'float', default: 1 }],
    create: (kw) => ({ margin: kw.margin as number }),
  });

  it('normalizes case, dashes, underscores and the family suffix', () => {
    for (const n of ['marginranking', 'MarginRankingLoss', 'margin_ranking', 'margin-ranking-loss']) expect(reg.create(n).margin).toBe(1);
  });
  it('fills defaults and rejects unknown kwargs by name', () => {
    expect(reg.create('marginranking', { margin: 2 }).margin).toBe(2);
    expect(() => reg.create('marginranking', { margn: 2 })).toThrow(/unknown argument 'margn'.*accepted: margin/);
    expect(() => reg.create('marginranking', { margin: 'big' })).toThrow(/'margin' must be a finite number, got "big"/);
    expect(() => reg.create('marginranking', { margin: NaN })).toThrow(/'margin' must be a finite number, got NaN/);
  });
  it('lists the choices for an unknown name', () => {
    expect(() => reg.create('hinge')).toThrow(/unknown loss 'hinge'; choose one of: MarginRanking/);
  });
  it('refuses a silent re-registration', () => {
    expect(() => reg.register({ name: 'margin_ranking', create: () => ({ margin: 0 }) })).toThrow(/already registered/);
  });
});
