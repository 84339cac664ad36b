import { tf } from '../compute/tf.js';
import { ConfigError } from '../errors.js';
import { Loss, type LossKwargs } from './base.js';
import { smoothLabel, smoothLabels } from './math.js';
import { readLabelSmoothing } from './params.js';

export interface PointwiseKwargs extends LossKwargs {
  label_smoothing?: number;
}

/**
 * A loss term per (score, label) element, then one reduction over all elements.
 *
 * sLCWA is turned into the same problem, as PyKEEN does: the B positives get label 1, the B*k
 * negatives label 0, and the mean is taken over all B + B*k elements (so with many negatives the
 * positives carry little weight under 'mean').
 *
 * Label smoothing (PyKEEN's rule) replaces a label y by y (1 - eps) + (1 - y) eps / (C - 1),
 * C = the number of entities: `numEntities` if set, else the width N of the LCWA score matrix.
 * In sLCWA C must come from `numEntities` (PyKEEN passes the entity count there too).
 */
export abstract class PointwiseLoss extends Loss {
  readonly family = 'pointwise' as const;
  labelSmoothing: number;

  constructor(kwargs: PointwiseKwargs = {}) {
    super(kwargs);
    this.labelSmoothing = readLabelSmoothing(this.where, kwargs.label_smoothing);
  }

  /** The unreduced loss of each element; `labels` are in [0, 1] (smoothed when enabled) and broadcast with `scores`. */
  abstract elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor;

  forward(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    this.checkLcwa(scores, labels);
    const y = smoothLabels(labels, this.labelSmoothing, this.lcwaNumClasses(scores.shape[1]));
    return this.reduce(this.elementwise(scores, y));
  }

  forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar {
    this.checkSlcwa(posScores, negScores);
    const C = this.slcwaNumClasses();
    const yPos = tf.fill(posScores.shape, smoothLabel(1, this.labelSmoothing, C));
    const yNeg = tf.fill(negScores.shape, smoothLabel(0, this.labelSmoothing, C));
    const total = tf.add(tf.sum(this.elementwise(posScores, yPos)), tf.sum(this.elementwise(negScores, yNeg)));
    if (this.reduction === 'sum') return total as tf.Scalar;
    return tf.div(total, posScores.size + negScores.size) as tf.Scalar;
  }

  /** The class count for label smoothing in LCWA: the entity count if known, else the row width. */
  protected lcwaNumClasses(width: number): number {
    const C = this.numEntities ?? width;
    if (this.labelSmoothing && C < 2) throw new ConfigError(`label_smoothing needs at least 2 classes, got ${C}`, this.where);
    return C;
  }

  /** The class count for label smoothing in sLCWA; only needed when smoothing is on. */
  protected slcwaNumClasses(): number {
    if (!this.labelSmoothing) return 2;
    if (this.numEntities === undefined || this.numEntities < 2) {
      throw new ConfigError(
        'label_smoothing in sLCWA needs the number of entities: pass {numEntities} as the resolveLoss context or set loss.numEntities',
        this.where,
      );
    }
    return this.numEntities;
  }
}
