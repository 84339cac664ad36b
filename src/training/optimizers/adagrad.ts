import type { RowGradients } from '../row-gradients.js';
import type { RowOptimizer } from './optimizer.js';

/** The Adagrad update of the touched rows, with the accumulator passed in (it may be shared). */
export function adagradUpdate(params: Float32Array, grads: RowGradients, sumSq: Float32Array, lr: number, eps: number): void {
  const ids = grads.ids;
  const values = grads.values;
  const w = grads.width;
  for (let k = 0; k < ids.length; k++) {
    const p = ids[k]! * w;
    const g = k * w;
    for (let j = 0; j < w; j++) {
      const gj = values[g + j]!;
      const s = (sumSq[p + j]! += gj * gj);
      params[p + j]! -= (lr * gj) / (Math.sqrt(s) + eps);
    }
  }
}

/** Adagrad with a per-element squared-gradient sum; only touched rows accumulate. */
export class RowAdagrad implements RowOptimizer {
  readonly name = 'adagrad';
  private sumSq: Float32Array;
  constructor(public lr: number, numRows: number, width: number, private readonly eps: number, initialAccumulator: number) {
    this.sumSq = new Float32Array(numRows * width).fill(initialAccumulator);
  }
  step(params: Float32Array, grads: RowGradients): void {
    adagradUpdate(params, grads, this.sumSq, this.lr, this.eps);
  }
  state(): Record<string, Float32Array | number> {
    return { sum_sq: this.sumSq };
  }
  loadState(s: Record<string, Float32Array | number>): void {
    this.sumSq.set(s.sum_sq as Float32Array);
  }
}
