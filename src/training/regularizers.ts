import { Registry } from '../registry.js';
import { ConfigError } from '../errors.js';
import type { ModelGradients } from './engines/engine.js';
import type { Model } from '../models/model.js';
import type { RowGradients } from './row-gradients.js';

/**
 * A penalty on the rows a batch touched, added to the loss; its gradient is added in place to
 * the row buffers so it works with every engine.
 */
export interface Regularizer {
  /** Adds the penalty's gradient to `grads` and returns its value. */
  apply(model: Model, grads: ModelGradients): number;
}

/**
 * weight * mean over touched rows of ||x||_p^p (divided by the row width when `normalize`),
 * in the manner of PyKEEN's LpRegularizer.
 */
export class LpRegularizer implements Regularizer {
  constructor(readonly weight: number, readonly p: number, readonly normalize: boolean, readonly targets: ('entities' | 'relations')[]) {}

  apply(model: Model, grads: ModelGradients): number {
    let total = 0;
    for (const target of this.targets) total += this.penalize(model[target].data, grads[target]);
    return total;
  }

  private penalize(params: Float32Array, g: RowGradients): number {
    const n = g.count;
    if (n === 0) return 0;
    const w = g.width;
    const scale = this.weight / n / (this.normalize ? w : 1);
    const ids = g.ids;
    const values = g.values;
    const p = this.p;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const off = ids[k]! * w;
      for (let j = 0; j < w; j++) {
        const x = params[off + j]!;
        const ax = Math.abs(x);
        sum += Math.pow(ax, p);
        values[k * w + j]! += scale * p * Math.pow(ax, p - 1) * Math.sign(x);
      }
    }
    return scale * sum;
  }
}

export const regularizerRegistry = new Registry<Regularizer>('regularizer', 'regularizer');

regularizerRegistry.register({
  name: 'lp',
  description: 'weight * mean ||x||_p^p over the rows a batch touches',
  params: [
    { name: 'weight', type: 'float', default: 0.01, low: 1e-4, high: 1, log: true },
    { name: 'p', type: 'float', default: 2 },
    { name: 'normalize', type: 'bool', default: false, description: 'divide by the row width' },
    { name: 'apply_to', type: 'choice', values: ['both', 'entities', 'relations'], default: 'both' },
  ],
  create: (kw) => {
    if (!((kw.weight as number) >= 0)) throw new ConfigError(`weight must be >= 0, got ${kw.weight}`, 'regularizer_kwargs.weight');
    if (!((kw.p as number) >= 1)) throw new ConfigError(`p must be >= 1, got ${kw.p}`, 'regularizer_kwargs.p');
    const a = kw.apply_to as string;
    const targets: ('entities' | 'relations')[] = a === 'both' ? ['entities', 'relations'] : [a as 'entities' | 'relations'];
    return new LpRegularizer(kw.weight as number, kw.p as number, kw.normalize as boolean, targets);
  },
});
