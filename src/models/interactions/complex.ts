import { tf, type Tensor } from '../../compute/tf.js';
import type { Interaction } from '../interaction.js';

/** Splits the last axis into real and imaginary halves. */
export function complexParts(x: Tensor): [Tensor, Tensor] {
  const w = x.shape[x.shape.length - 1]!;
  const [re, im] = tf.split(x, [w / 2, w / 2], -1);
  return [re!, im!];
}

/** ComplEx (Trouillon et al. 2016): f(h, r, t) = Re(sum_i h_i r_i conj(t_i)). Rows hold [re | im]. */
export class ComplExInteraction implements Interaction {
  readonly name = 'ComplEx';
  entityWidth(dim: number): number {
    return 2 * dim;
  }
  relationWidth(dim: number): number {
    return 2 * dim;
  }
  score(h: Tensor, r: Tensor, t: Tensor): Tensor {
    const [hr, hi] = complexParts(h);
    const [rr, ri] = complexParts(r);
    const [tr, ti] = complexParts(t);
    // Re(h r conj(t)) = hr rr tr + hi rr ti + hr ri ti - hi ri tr
    const a = tf.mul(tf.sub(tf.mul(hr, rr), tf.mul(hi, ri)), tr);
    const b = tf.mul(tf.add(tf.mul(hi, rr), tf.mul(hr, ri)), ti);
    return tf.sum(tf.add(a, b), -1);
  }
}
