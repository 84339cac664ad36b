import type { RowGradients } from '../row-gradients.js';

/**
 * Updates the rows of one embedding table that a step touched. Optimizer state (moments,
 * accumulators) is per row, like PyTorch's SparseAdam / sparse Adagrad: untouched rows keep
 * both their values and their state.
 */
export interface RowOptimizer {
  lr: number;
  readonly name: string;
  step(params: Float32Array, grads: RowGradients): void;
  /** Named state buffers, for checkpoints. */
  state(): Record<string, Float32Array | number>;
  loadState(state: Record<string, Float32Array | number>): void;
}

export type RowOptimizerFactory = (numRows: number, width: number) => RowOptimizer;
