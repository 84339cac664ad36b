import { tf } from '../compute/tf.js';
import { bceWithLogits, logOneMinusPt } from './math.js';
import { readNumber, readOptionalNumber } from './params.js';
import { PointwiseLoss, type PointwiseKwargs } from './pointwise.js';

export interface FocalKwargs extends PointwiseKwargs {
  gamma?: number;
  alpha?: number | null;
}

/**
 * Focal loss (Lin et al.): per element bce(s, y) * (1 - p_t)^gamma, times alpha for positives and
 * 1 - alpha for negatives when alpha is set; p = sigmoid(s), p_t = y p + (1 - y)(1 - p).
 * gamma > 0 shrinks the loss of well-classified elements (p_t near 1) relative to badly classified
 * ones; gamma = 0 without alpha is bcewithlogits.
 *
 * (1 - p_t)^gamma is computed as exp(gamma * log(1 - p_t)) with log(1 - p_t) in log-sigmoid form,
 * so it neither underflows to 0 nor takes 0^(gamma - 1) in the gradient at scores of +-1000.
 */
export class FocalLoss extends PointwiseLoss {
  readonly gamma: number;
  readonly alpha?: number;

  constructor(kwargs: FocalKwargs = {}) {
    super(kwargs);
    this.gamma = readNumber(this.where, 'gamma', kwargs.gamma, 2, { min: 0 });
    this.alpha = readOptionalNumber(this.where, 'alpha', kwargs.alpha, { above: 0, below: 1 });
  }

  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    let loss = bceWithLogits(scores, labels);
    if (this.gamma !== 0) loss = tf.mul(loss, tf.exp(tf.mul(this.gamma, logOneMinusPt(scores, labels))));
    if (this.alpha !== undefined) {
      // alpha y + (1 - alpha)(1 - y)
      const alphaT = tf.add(tf.mul(labels, 2 * this.alpha - 1), 1 - this.alpha);
      loss = tf.mul(alphaT, loss);
    }
    return loss;
  }
}
