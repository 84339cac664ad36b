import type { RowGradients } from '../row-gradients.js';
import type { RowOptimizer } from './optimizer.js';

export class RowSGD implements RowOptimizer {
  readonly name = 'sgd';
  constructor(public lr: number) {}
  step(params: Float32Array, grads: RowGradients): void {
    const { ids, values, width } = { ids: grads.ids, values: grads.values, width: grads.width };
    for (let k = 0; k < ids.length; k++) {
      const p = ids[k]! * width;
      const g = k * width;
      for (let j = 0; j < width; j++) params[p + j]! -= this.lr * values[g + j]!;
    }
  }
  state(): Record<string, Float32Array | number> {
    return {};
  }
  loadState(): void {}
}
