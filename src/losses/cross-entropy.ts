import { tf } from '../compute/tf.js';
import type { LossKwargs } from './base.js';
import { readLabelSmoothing, readNumber } from './params.js';
import { SetwiseLoss } from './setwise.js';

export interface CrossEntropyKwargs extends LossKwargs {
  label_smoothing?: number;
}

/**
 * Softmax cross entropy of each row against its label distribution.
 *
 * LCWA: a row's labels are normalized to sum to 1 (a row with P positives puts 1/P on each), then
 * loss_i = -sum_j t_ij log softmax(s_i)_j. sLCWA: each positive is the true class among itself and
 * its k negatives: loss_i = -log softmax([s_i, s_i1..s_ik])_0. Reduced over rows.
 *
 * Label smoothing follows PyTorch's cross_entropy (which PyKEEN calls): t' = (1 - eps) t + eps / C,
 * C = the row's width (N in LCWA, k + 1 in sLCWA) - unlike the pointwise rule.
 */
export class CrossEntropyLoss extends SetwiseLoss {
  labelSmoothing: number;

  constructor(kwargs: CrossEntropyKwargs = {}) {
    super(kwargs);
    this.labelSmoothing = readLabelSmoothing(this.where, kwargs.label_smoothing);
  }

  /** Hook for score transformations applied before the softmax (InfoNCE). */
  protected transformLcwa(scores: tf.Tensor2D, _labels: tf.Tensor2D): tf.Tensor2D {
    return scores;
  }

  protected transformSlcwa(pos: tf.Tensor1D, neg: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D] {
    return [pos, neg];
  }

  forward(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    this.checkLcwa(scores, labels);
    const logp = tf.logSoftmax(this.transformLcwa(scores, labels));
    let target = tf.div(labels, tf.maximum(tf.sum(labels, 1, true), 1e-12));
    const eps = this.labelSmoothing;
    if (eps) target = tf.add(tf.mul(target, 1 - eps), eps / scores.shape[1]);
    return this.reduce(tf.neg(tf.sum(tf.mul(target, logp), 1)));
  }

  forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar {
    this.checkSlcwa(posScores, negScores);
    const [pos, neg] = this.transformSlcwa(posScores, negScores);
    const logp = tf.logSoftmax(tf.concat([tf.expandDims(pos, 1), neg], 1));
    const eps = this.labelSmoothing;
    let rowLoss = tf.neg(tf.reshape(tf.slice(logp, [0, 0], [-1, 1]), [-1]));
    if (eps) {
      const C = negScores.shape[1] + 1;
      rowLoss = tf.sub(tf.mul(rowLoss, 1 - eps), tf.mul(tf.sum(logp, 1), eps / C));
    }
    return this.reduce(rowLoss);
  }
}

export interface InfoNCEKwargs extends CrossEntropyKwargs {
  margin?: number;
  log_adversarial_temperature?: number;
}

export const INFONCE_DEFAULT_LOG_TEMPERATURE = Math.log(0.05);

/**
 * InfoNCE with additive margin (Wang et al. 2022, SimKGC): cross entropy after subtracting `margin`
 * from positive scores and dividing all scores by the temperature tau = exp(log_adversarial_temperature)
 * (default tau = 0.05). In LCWA the positives are the entries with label > 0.5.
 */
export class InfoNCELoss extends CrossEntropyLoss {
  readonly margin: number;
  readonly logAdversarialTemperature: number;

  constructor(kwargs: InfoNCEKwargs = {}) {
    super(kwargs);
    this.margin = readNumber(this.where, 'margin', kwargs.margin, 0.02, { min: 0 });
    this.logAdversarialTemperature = readNumber(
      this.where,
      'log_adversarial_temperature',
      kwargs.log_adversarial_temperature,
      INFONCE_DEFAULT_LOG_TEMPERATURE,
    );
  }

  get temperature(): number {
    return Math.exp(this.logAdversarialTemperature);
  }

  protected override transformLcwa(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor2D {
    const shifted = tf.sub(scores, tf.mul(tf.cast(tf.greater(labels, 0.5), 'float32'), this.margin));
    return tf.div(shifted, this.temperature) as tf.Tensor2D;
  }

  protected override transformSlcwa(pos: tf.Tensor1D, neg: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D] {
    const t = this.temperature;
    return [tf.div(tf.sub(pos, this.margin), t) as tf.Tensor1D, tf.div(neg, t) as tf.Tensor2D];
  }
}
