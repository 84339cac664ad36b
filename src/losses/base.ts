import { tf } from '../compute/tf.js';
import { KgeError } from '../errors.js';
import { readReduction } from './params.js';

export type Reduction = 'mean' | 'sum';
export type LossFamily = 'pointwise' | 'pairwise' | 'setwise';

/** Keyword arguments every loss accepts. */
export interface LossKwargs {
  reduction?: Reduction;
}

/** What a loss may need to know about the dataset; passed by `resolveLoss` or set on the instance. */
export interface LossContext {
  /** Number of entities: the `num_classes` of label smoothing in sLCWA (and in LCWA, if set). */
  numEntities?: number;
}

/**
 * A loss turns scores into one scalar. Two entry points, one per training assumption:
 * `forward` for LCWA (a score matrix with 0/1 labels) and `forwardSlcwa` for sLCWA (each positive
 * with its k negatives). Subclasses are plain tensor math: they never dispose, the training step
 * wraps the call in `tf.tidy` and takes the gradient with tfjs autodiff.
 */
export abstract class Loss {
  abstract readonly family: LossFamily;
  readonly reduction: Reduction;
  numEntities?: number;

  constructor(kwargs: LossKwargs = {}) {
    this.reduction = readReduction(this.where, kwargs.reduction);
  }

  /** LCWA. scores, labels: [B, N]; labels are 0/1 floats. */
  abstract forward(scores: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar;

  /** sLCWA. posScores: [B]; negScores: [B, k], row i holds the negatives of positive i. */
  abstract forwardSlcwa(posScores: tf.Tensor1D, negScores: tf.Tensor2D): tf.Scalar;

  /** Names the loss in error messages. */
  protected get where(): string {
    return `loss ${this.constructor.name}`;
  }

  /** Mean or sum over every element of `x`. */
  protected reduce(x: tf.Tensor): tf.Scalar {
    return (this.reduction === 'mean' ? tf.mean(x) : tf.sum(x)) as tf.Scalar;
  }

  protected checkLcwa(scores: tf.Tensor, labels: tf.Tensor): void {
    if (scores.rank !== 2 || labels.rank !== 2 || scores.shape[0] !== labels.shape[0] || scores.shape[1] !== labels.shape[1]) {
      throw new KgeError(
        `forward expects scores and labels of the same shape [B, N], got [${scores.shape}] and [${labels.shape}]`,
        this.where,
      );
    }
  }

  protected checkSlcwa(pos: tf.Tensor, neg: tf.Tensor): void {
    if (pos.rank !== 1 || neg.rank !== 2 || pos.shape[0] !== neg.shape[0]) {
      throw new KgeError(
        `forwardSlcwa expects posScores [B] and negScores [B, k], got [${pos.shape}] and [${neg.shape}]`,
        this.where,
      );
    }
  }
}
