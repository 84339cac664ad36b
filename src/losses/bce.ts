import { tf } from '../compute/tf.js';
import { bceWithLogits, logSigmoid } from './math.js';
import { readOptionalNumber } from './params.js';
import { PointwiseLoss, type PointwiseKwargs } from './pointwise.js';

export interface BCEWithLogitsKwargs extends PointwiseKwargs {
  pos_weight?: number | null;
}

/** Binary cross entropy on logits: -(w y log s(x) + (1 - y) log(1 - s(x))), w = pos_weight (default 1). */
export class BCEWithLogitsLoss extends PointwiseLoss {
  readonly posWeight?: number;

  constructor(kwargs: BCEWithLogitsKwargs = {}) {
    super(kwargs);
    this.posWeight = readOptionalNumber(this.where, 'pos_weight', kwargs.pos_weight, { above: 0 });
  }

  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    return bceWithLogits(scores, labels, this.posWeight ?? 1);
  }
}

// PyTorch's BCELoss clamps each log at -100; we keep that cap.
const LOG_FLOOR = -100;

/**
 * Binary cross entropy applied to sigmoid(x), with PyTorch's BCELoss cap of 100 per log term:
 * -(y max(log s(x), -100) + (1 - y) max(log(1 - s(x)), -100)). The logs are taken in
 * log-sigmoid form, so unlike PyTorch's float32 sigmoid + log it does not saturate for |x| > ~17;
 * it differs from bcewithlogits only where a term would exceed 100 (and gets zero gradient there).
 */
export class BCEAfterSigmoidLoss extends PointwiseLoss {
  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    const logP = tf.maximum(logSigmoid(scores), LOG_FLOOR);
    const log1mP = tf.maximum(logSigmoid(tf.neg(scores)), LOG_FLOOR);
    return tf.neg(tf.add(tf.mul(labels, logP), tf.mul(tf.sub(1, labels), log1mP)));
  }
}
