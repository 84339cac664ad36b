import { tf, type Tensor } from '../../compute/tf.js';
import type { Interaction } from '../interaction.js';
import { lpNorm } from './norms.js';

/** TransE (Bordes et al. 2013): f(h, r, t) = -||h + r - t||_p. */
export class TransEInteraction implements Interaction {
  readonly name = 'TransE';
  constructor(readonly p: 1 | 2) {}
  entityWidth(dim: number): number {
    return dim;
  }
  relationWidth(dim: number): number {
    return dim;
  }
  score(h: Tensor, r: Tensor, t: Tensor): Tensor {
    return tf.neg(lpNorm(tf.sub(tf.add(h, r), t), this.p));
  }
}
