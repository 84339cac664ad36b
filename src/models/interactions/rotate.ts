import { tf, type Tensor } from '../../compute/tf.js';
import type { Interaction } from '../interaction.js';
import { complexParts } from './complex.js';

/**
 * RotatE (Sun et al. 2019): f(h, r, t) = -||h o r - t||, with r a rotation e^{i theta}.
 * Relations are stored as phases theta (dim floats), so |r_i| = 1 holds by construction.
 */
export class RotatEInteraction implements Interaction {
  readonly name = 'RotatE';
  entityWidth(dim: number): number {
    return 2 * dim;
  }
  relationWidth(dim: number): number {
    return dim;
  }
  score(h: Tensor, r: Tensor, t: Tensor): Tensor {
    const [hr, hi] = complexParts(h);
    const [tr, ti] = complexParts(t);
    const c = tf.cos(r);
    const s = tf.sin(r);
    const dr = tf.sub(tf.sub(tf.mul(hr, c), tf.mul(hi, s)), tr);
    const di = tf.sub(tf.add(tf.mul(hr, s), tf.mul(hi, c)), ti);
    // Sum of complex moduli |d_i| (L1 over the complex coordinates, as in the RotatE paper).
    const mod = tf.sqrt(tf.add(tf.add(tf.square(dr), tf.square(di)), 1e-12));
    return tf.neg(tf.sum(mod, -1));
  }
}
