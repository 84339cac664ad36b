import { Registry } from '../registry.js';
import { ConfigError } from '../errors.js';

/** Learning rate for a 0-based epoch, given the initial rate. */
export type LrSchedule = (epoch: number, baseLr: number) => number;

export const lrSchedulerRegistry = new Registry<LrSchedule>('lr_scheduler', 'lr');

const gammaParam = (def: number) => ({ name: 'gamma', type: 'float' as const, default: def, low: 0.1, high: 1 });
function checkGamma(kw: Record<string, unknown>): number {
  const g = kw.gamma as number;
  if (!(g > 0 && g <= 1)) throw new ConfigError(`gamma must be in (0, 1], got ${g}`, 'lr_scheduler_kwargs.gamma');
  return g;
}

lrSchedulerRegistry.register({
  name: 'StepLR',
  aliases: ['step'],
  description: 'lr * gamma^floor(epoch / step_size)',
  params: [{ name: 'step_size', type: 'int', default: 10 }, gammaParam(0.1)],
  create: (kw) => {
    const g = checkGamma(kw);
    const s = kw.step_size as number;
    if (!(s >= 1)) throw new ConfigError(`step_size must be >= 1, got ${s}`, 'lr_scheduler_kwargs.step_size');
    return (e, lr) => lr * Math.pow(g, Math.floor(e / s));
  },
});

lrSchedulerRegistry.register({
  name: 'ExponentialLR',
  aliases: ['exponential'],
  description: 'lr * gamma^epoch',
  params: [gammaParam(0.95)],
  create: (kw) => {
    const g = checkGamma(kw);
    return (e, lr) => lr * Math.pow(g, e);
  },
});

lrSchedulerRegistry.register({
  name: 'CosineAnnealingLR',
  aliases: ['cosine'],
  description: 'eta_min + (lr - eta_min)(1 + cos(pi * epoch / T_max)) / 2',
  params: [{ name: 'T_max', type: 'int', default: 100 }, { name: 'eta_min', type: 'float', default: 0 }],
  create: (kw) => {
    const tmax = kw.T_max as number;
    const min = kw.eta_min as number;
    if (!(Number.isInteger(tmax) && tmax >= 1)) throw new ConfigError(`T_max must be an integer >= 1, got ${tmax}`, 'lr_scheduler_kwargs.T_max');
    if (!(min >= 0)) throw new ConfigError(`eta_min must be >= 0, got ${min}`, 'lr_scheduler_kwargs.eta_min');
    return (e, lr) => min + ((lr - min) * (1 + Math.cos((Math.PI * Math.min(e, tmax)) / tmax))) / 2;
  },
});
