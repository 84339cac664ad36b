import { tf } from '../compute/tf.js';
import { Loss } from './base.js';

/**
 * A loss term per (positive, negative) pair, then one reduction over all pairs.
 *
 * sLCWA: negative j of row i is paired with positive i (B*k pairs).
 * LCWA: as in PyKEEN, every positive of a row is paired with every negative of the same row, so a
 * row with P positives out of N gives P * (N - P) pairs, and 'mean' averages over all pairs of the
 * batch. Positives are labels > 0.5. Building the pairs reads the labels on the host; the pair count
 * (and memory) grows with the number of positives per row. A batch without any pair gives 0.
 */
export abstract class PairwiseLoss extends Loss {
  readonly family = 'pairwise' as const;

  /** The unreduced loss of each pair; `pos` and `neg` broadcast against each other. */
  abstract pairwise(pos: tf.Tensor, neg: tf.Tensor): tf.Tensor;

  forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar {
    this.checkSlcwa(posScores, negScores);
    return this.reduce(this.pairwise(tf.expandDims(posScores, 1), negScores));
  }

  forward(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    this.checkLcwa(scores, labels);
    const { pos, neg } = lcwaPairs(labels.dataSync(), scores.shape[0], scores.shape[1]);
    if (pos.length === 0) return tf.mul(tf.sum(scores), 0) as tf.Scalar;
    const flat = tf.reshape(scores, [-1]) as tf.Tensor1D;
    return this.reduce(this.pairwise(gatherFlat(flat, pos), gatherFlat(flat, neg)));
  }
}

/**
 * x[indices] for a 1-D x, differentiable on every backend: tfjs's own gather gradient needs
 * UnsortedSegmentSum, which the wasm backend lacks, so the gradient is a scatter-add (ScatterNd
 * sums duplicate indices) of dy back onto x's shape.
 */
export function gatherFlat(x: tf.Tensor1D, indices: Int32Array): tf.Tensor1D {
  // Index tensors are made from the host array inside each function: the forward pass runs in
  // its own tidy, so a tensor captured from outside would be gone by the backward pass.
  const op = tf.customGrad(((v: tf.Tensor1D) => ({
    value: tf.gather(v, tf.tensor1d(indices, 'int32')),
    gradFunc: (dy: tf.Tensor) => tf.scatterND(tf.tensor2d(indices, [indices.length, 1], 'int32'), dy, v.shape),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor1D;
}

/** Flat indices of every (positive, negative) pair within each row of a [rows, cols] label matrix. */
export function lcwaPairs(labels: ArrayLike<number>, rows: number, cols: number): { pos: Int32Array; neg: Int32Array } {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let p = 0;
    for (let c = 0; c < cols; c++) if (labels[r * cols + c] > 0.5) p++;
    total += p * (cols - p);
  }
  const pos = new Int32Array(total);
  const neg = new Int32Array(total);
  const negCols: number[] = [];
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    negCols.length = 0;
    for (let c = 0; c < cols; c++) if (!(labels[base + c] > 0.5)) negCols.push(base + c);
    for (let c = 0; c < cols; c++) {
      if (!(labels[base + c] > 0.5)) continue;
      for (const n of negCols) {
        pos[k] = base + c;
        neg[k] = n;
        k++;
      }
    }
  }
  return { pos, neg };
}
