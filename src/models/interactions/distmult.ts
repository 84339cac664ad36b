import { tf, type Tensor } from '../../compute/tf.js';
import type { Interaction } from '../interaction.js';

/** DistMult (Yang et al. 2015): f(h, r, t) = sum_i h_i r_i t_i. */
export class DistMultInteraction implements Interaction {
  readonly name = 'DistMult';
  entityWidth(dim: number): number {
    return dim;
  }
  relationWidth(dim: number): number {
    return dim;
  }
  score(h: Tensor, r: Tensor, t: Tensor): Tensor {
    return tf.sum(tf.mul(tf.mul(h, r), t), -1);
  }
}
