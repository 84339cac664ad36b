import { tf, type Tensor } from '../../compute/tf.js';

/**
 * Lp norm over the last axis. The L2 form adds a tiny epsilon under the root so the gradient
 * stays finite when a triple's residual is exactly zero.
 */
export function lpNorm(x: Tensor, p: 1 | 2): Tensor {
  if (p === 1) return tf.sum(tf.abs(x), -1);
  return tf.sqrt(tf.add(tf.sum(tf.square(x), -1), 1e-12));
}
