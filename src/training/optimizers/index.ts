import { Registry } from '../../registry.js';
import { ConfigError } from '../../errors.js';
import type { RowOptimizerFactory } from './optimizer.js';
import { RowSGD } from './sgd.js';
import { RowAdagrad } from './adagrad.js';
import { RowAdam } from './adam.js';

export type { RowOptimizer, RowOptimizerFactory } from './optimizer.js';
export { RowSGD, RowAdagrad, RowAdam };

const lrParam = (def: number) => ({ name: 'lr', type: 'float' as const, default: def, low: 1e-4, high: 1, log: true, description: 'learning rate' });

function positive(kw: Record<string, unknown>, key: string, where: string): number {
  const v = kw[key] as number;
  if (!(v > 0)) throw new ConfigError(`${key} must be > 0, got ${v}`, `${where}.${key}`);
  return v;
}

/** Optimizer name -> factory of one row-wise optimizer per embedding table. */
export const optimizerRegistry = new Registry<RowOptimizerFactory>('optimizer', 'optimizer');

optimizerRegistry.register({
  name: 'adam',
  aliases: ['sparseadam'],
  description: 'Adam with per-row moments (PyTorch SparseAdam semantics)',
  params: [
    lrParam(0.001),
    { name: 'betas', type: 'number[]', default: [0.9, 0.999], description: 'moment decay rates' },
    { name: 'eps', type: 'float', default: 1e-8, description: 'denominator term' },
  ],
  create: (kw) => {
    const lr = positive(kw, 'lr', 'optimizer_kwargs');
    const betas = kw.betas;
    if (!Array.isArray(betas) || betas.length !== 2) throw new ConfigError(`betas must be a list of two numbers, e.g. [0.9, 0.999]; got ${JSON.stringify(betas)}`, 'optimizer_kwargs.betas');
    const [b1, b2] = betas as number[];
    if (!(b1! >= 0 && b1! < 1 && b2! >= 0 && b2! < 1)) throw new ConfigError(`betas must lie in [0, 1), got ${JSON.stringify(betas)}`, 'optimizer_kwargs.betas');
    if (!((kw.eps as number) >= 0)) throw new ConfigError(`eps must be >= 0, got ${kw.eps}`, 'optimizer_kwargs.eps');
    return (n, w) => new RowAdam(lr, n, w, b1!, b2!, kw.eps as number);
  },
});

optimizerRegistry.register({
  name: 'adagrad',
  description: 'Adagrad with per-element accumulators, updated on touched rows',
  params: [lrParam(0.01), { name: 'eps', type: 'float', default: 1e-10 }, { name: 'initial_accumulator_value', type: 'float', default: 0 }],
  create: (kw) => {
    const lr = positive(kw, 'lr', 'optimizer_kwargs');
    return (n, w) => new RowAdagrad(lr, n, w, kw.eps as number, kw.initial_accumulator_value as number);
  },
});

optimizerRegistry.register({
  name: 'sgd',
  description: 'plain stochastic gradient descent on touched rows',
  params: [lrParam(0.1)],
  create: (kw) => {
    const lr = positive(kw, 'lr', 'optimizer_kwargs');
    return () => new RowSGD(lr);
  },
});
