import type { RowGradients } from '../row-gradients.js';
import type { RowOptimizer } from './optimizer.js';

/** p -= lr * g on the touched rows (shared by the one-thread and the Hogwild optimizers). */
export function sgdUpdate(params: Float32Array, grads: RowGradients, lr: number): void {
  const { ids, values, width } = grads;
  for (let k = 0; k < ids.length; k++) {
    const p = ids[k]! * width;
    const g = k * width;
    for (let j = 0; j < width; j++) params[p + j]! -= lr * values[g + j]!;
  }
}

export class RowSGD implements RowOptimizer {
  readonly name = 'sgd';
  constructor(public lr: number) {}
  step(params: Float32Array, grads: RowGradients): void {
    sgdUpdate(params, grads, this.lr);
  }
  state(): Record<string, Float32Array | number> {
    return {};
  }
  loadState(): void {}
}
