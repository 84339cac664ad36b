import { tf } from '../compute/tf.js';
import { ConfigError } from '../errors.js';
import type { LossKwargs } from './base.js';
import { smoothLabel, stopGradient } from './math.js';
import { readLabelSmoothing, readNumber } from './params.js';
import { SetwiseLoss } from './setwise.js';

export interface AdversarialKwargs extends LossKwargs {
  adversarial_temperature?: number;
  label_smoothing?: number;
}

// Masks positives out of the LCWA softmax. Finite (not -Infinity) so a row of positives only
// cannot produce NaN; such a row's weights are zeroed afterwards anyway.
const MASKED = -1e30;

/**
 * Self-adversarial weighting of negatives (Sun et al. 2019):
 *
 *   L = f * ( R_i pos(s_i) + R_i sum_j w_ij neg(s_ij) ),   w_i = softmax(alpha * s_i.) over the negatives
 *
 * where R is the reduction over positives (first term) and over rows (second term), f = 1/2 for
 * 'mean' and 1 for 'sum', alpha is `adversarial_temperature` (an inverse softmax temperature).
 * The weights are treated as constants: no gradient flows through them (stopGradient).
 * In LCWA the negatives of a row are its entries with label <= 0.5 and the positive term is
 * averaged over all entries with label > 0.5.
 */
export abstract class AdversarialLoss extends SetwiseLoss {
  readonly adversarialTemperature: number;
  labelSmoothing: number;

  constructor(kwargs: AdversarialKwargs = {}) {
    super(kwargs);
    this.adversarialTemperature = readNumber(this.where, 'adversarial_temperature', kwargs.adversarial_temperature, 1, { min: 0 });
    this.labelSmoothing = readLabelSmoothing(this.where, kwargs.label_smoothing);
  }

  /** Unreduced loss of positive scores; `target` is the (possibly smoothed) positive label. */
  protected abstract positiveTerm(scores: tf.Tensor, target: number): tf.Tensor;
  /** Unreduced loss of negative scores; `target` is the (possibly smoothed) negative label. */
  protected abstract negativeTerm(scores: tf.Tensor, target: number): tf.Tensor;

  private get factor(): number {
    return this.reduction === 'mean' ? 0.5 : 1;
  }

  /** Adversarial weights of a [B, k] score matrix, without gradient; `mask` (1 = exclude) is optional. */
  negativeWeights(scores: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
    let logits = tf.mul(stopGradient(scores), this.adversarialTemperature);
    if (!mask) return tf.softmax(logits);
    logits = tf.where(tf.greater(mask, 0.5), tf.fill(logits.shape, MASKED), logits);
    return tf.mul(tf.softmax(logits), tf.sub(1, mask));
  }

  forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar {
    this.checkSlcwa(posScores, negScores);
    if (this.labelSmoothing) {
      throw new ConfigError('label_smoothing is supported in LCWA only for this loss (as in PyKEEN); set it to 0 for sLCWA', this.where);
    }
    const posLoss = this.reduce(this.positiveTerm(posScores, 1));
    const w = this.negativeWeights(negScores);
    const negLoss = this.reduce(tf.sum(tf.mul(w, this.negativeTerm(negScores, 0)), 1));
    return tf.mul(this.factor, tf.add(posLoss, negLoss)) as tf.Scalar;
  }

  forward(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    this.checkLcwa(scores, labels);
    const C = this.numEntities ?? scores.shape[1];
    const posMask = tf.cast(tf.greater(labels, 0.5), 'float32');
    const posTerms = tf.sum(tf.mul(posMask, this.positiveTerm(scores, smoothLabel(1, this.labelSmoothing, C))));
    const posLoss =
      this.reduction === 'mean' ? tf.div(posTerms, tf.maximum(tf.sum(posMask), 1)) : posTerms;
    const w = this.negativeWeights(scores, posMask);
    const negLoss = this.reduce(tf.sum(tf.mul(w, this.negativeTerm(scores, smoothLabel(0, this.labelSmoothing, C))), 1));
    return tf.mul(this.factor, tf.add(posLoss, negLoss)) as tf.Scalar;
  }
}
