import { tf } from '../compute/tf.js';
import type { LossKwargs } from './base.js';
import { marginActivation, type Activation, type MarginActivationName } from './math.js';
import { readNumber } from './params.js';
import { PointwiseLoss, type PointwiseKwargs } from './pointwise.js';

export interface PointwiseMarginKwargs extends PointwiseKwargs {
  margin?: number;
}

/**
 * g(margin - l * s) with the label rescaled to l = 2y - 1 in [-1, 1] and a margin activation g
 * (PyKEEN's "delta pointwise" losses).
 */
export abstract class DeltaPointwiseLoss extends PointwiseLoss {
  readonly margin: number;
  private readonly activation: Activation;

  constructor(kwargs: PointwiseMarginKwargs, defaults: { margin: number; activation: MarginActivationName }) {
    super(kwargs);
    this.margin = readNumber(this.where, 'margin', kwargs.margin, defaults.margin);
    this.activation = marginActivation(defaults.activation);
  }

  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    const signed = tf.sub(tf.mul(labels, 2), 1);
    return this.activation(tf.sub(this.margin, tf.mul(signed, scores)));
  }
}

/** max(0, margin - l * s). */
export class PointwiseHingeLoss extends DeltaPointwiseLoss {
  constructor(kwargs: PointwiseMarginKwargs = {}) {
    super(kwargs, { margin: 1, activation: 'relu' });
  }
}

/** softplus(margin - l * s). */
export class SoftPointwiseHingeLoss extends DeltaPointwiseLoss {
  constructor(kwargs: PointwiseMarginKwargs = {}) {
    super(kwargs, { margin: 1, activation: 'softplus' });
  }
}

/** Pointwise logistic: softplus(-l * s), the soft pointwise hinge with margin 0. */
export class SoftplusLoss extends DeltaPointwiseLoss {
  constructor(kwargs: PointwiseKwargs & LossKwargs = {}) {
    super({ reduction: kwargs.reduction, label_smoothing: kwargs.label_smoothing, margin: 0 }, { margin: 0, activation: 'softplus' });
  }
}
