import type { RowGradients } from '../row-gradients.js';
import type { RowOptimizer } from './optimizer.js';

/**
 * The Adam update of the touched rows at step t (1-based), with the moments passed in (they may
 * be shared between threads).
 */
export function adamUpdate(params: Float32Array, grads: RowGradients, m: Float32Array, v: Float32Array, t: number, lr: number, b1: number, b2: number, eps: number): void {
  const c1 = 1 - Math.pow(b1, t);
  const c2 = 1 - Math.pow(b2, t);
  const stepSize = lr / c1;
  const sqrtC2 = Math.sqrt(c2);
  const ids = grads.ids;
  const values = grads.values;
  const w = grads.width;
  for (let k = 0; k < ids.length; k++) {
    const p = ids[k]! * w;
    const g = k * w;
    for (let j = 0; j < w; j++) {
      const gj = values[g + j]!;
      const mj = (m[p + j] = b1 * m[p + j]! + (1 - b1) * gj);
      const vj = (v[p + j] = b2 * v[p + j]! + (1 - b2) * gj * gj);
      params[p + j]! -= (stepSize * mj) / (Math.sqrt(vj) / sqrtC2 + eps);
    }
  }
}

/**
 * Adam over touched rows, with PyTorch SparseAdam's semantics: first/second moments are
 * updated only for rows present in the step, and bias correction uses the table's step count.
 */
export class RowAdam implements RowOptimizer {
  readonly name = 'adam';
  private m: Float32Array;
  private v: Float32Array;
  private t = 0;
  constructor(public lr: number, numRows: number, width: number, private readonly beta1: number, private readonly beta2: number, private readonly eps: number) {
    this.m = new Float32Array(numRows * width);
    this.v = new Float32Array(numRows * width);
  }
  step(params: Float32Array, grads: RowGradients): void {
    this.t += 1;
    adamUpdate(params, grads, this.m, this.v, this.t, this.lr, this.beta1, this.beta2, this.eps);
  }
  state(): Record<string, Float32Array | number> {
    return { m: this.m, v: this.v, t: this.t };
  }
  loadState(s: Record<string, Float32Array | number>): void {
    this.m.set(s.m as Float32Array);
    this.v.set(s.v as Float32Array);
    this.t = s.t as number;
  }
}
