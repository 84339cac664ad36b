import { tf } from '../compute/tf.js';
import { AdversarialLoss } from './adversarial.js';
import { bceWithLogits } from './math.js';

/**
 * Adversarially weighted binary cross entropy (as in torchdrug / PyKEEN):
 * pos(s) = bce(s, 1), neg(s) = bce(s, 0), negatives weighted by softmax(adversarial_temperature * s)
 * without gradient; see AdversarialLoss for the reduction. Label smoothing (LCWA only) smooths
 * the targets 1 and 0 with the pointwise rule.
 */
export class AdversarialBCEWithLogitsLoss extends AdversarialLoss {
  protected positiveTerm(scores: tf.Tensor, target: number): tf.Tensor {
    return bceWithLogits(scores, tf.fill(scores.shape, target));
  }

  protected negativeTerm(scores: tf.Tensor, target: number): tf.Tensor {
    return bceWithLogits(scores, tf.fill(scores.shape, target));
  }
}
