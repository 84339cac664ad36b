import { tf } from '../compute/tf.js';
import type { LossKwargs } from './base.js';
import { AdversarialLoss } from './adversarial.js';
import { softplus } from './math.js';
import { readNumber } from './params.js';

export interface NSSAKwargs extends LossKwargs {
  margin?: number;
  adversarial_temperature?: number;
}

/**
 * Self-adversarial negative sampling (Sun et al. 2019, RotatE):
 * pos(s) = -log sigmoid(margin + s), neg(s) = -log sigmoid(-s - margin), negatives weighted by
 * softmax(adversarial_temperature * s) without gradient; see AdversarialLoss for the reduction.
 * Scores are "higher is better" (e.g. -distance), so margin + s plays RotatE's gamma - d.
 */
export class NSSALoss extends AdversarialLoss {
  readonly margin: number;

  constructor(kwargs: NSSAKwargs = {}) {
    super(kwargs);
    this.margin = readNumber(this.where, 'margin', kwargs.margin, 9);
  }

  protected positiveTerm(scores: tf.Tensor): tf.Tensor {
    return softplus(tf.neg(tf.add(scores, this.margin)));
  }

  protected negativeTerm(scores: tf.Tensor): tf.Tensor {
    return softplus(tf.add(scores, this.margin));
  }
}
