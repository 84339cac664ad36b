import { tf } from '../compute/tf.js';
import type { LossKwargs } from './base.js';
import { marginActivation, MARGIN_ACTIVATIONS, type Activation, type MarginActivationName } from './math.js';
import { PairwiseLoss } from './pairwise.js';
import { readChoice, readNumber } from './params.js';

export interface MarginRankingKwargs extends LossKwargs {
  margin?: number;
  margin_activation?: MarginActivationName;
}

/** g(s_neg - s_pos + margin) for a margin activation g: the shared form of the margin ranking losses. */
export abstract class MarginPairwiseLoss extends PairwiseLoss {
  readonly margin: number;
  readonly marginActivation: MarginActivationName;
  private readonly activation: Activation;

  constructor(kwargs: MarginRankingKwargs, defaults: { margin: number; activation: MarginActivationName }) {
    super(kwargs);
    this.margin = readNumber(this.where, 'margin', kwargs.margin, defaults.margin);
    this.marginActivation = readChoice(this.where, 'margin_activation', kwargs.margin_activation, MARGIN_ACTIVATIONS, defaults.activation);
    this.activation = marginActivation(this.marginActivation);
  }

  pairwise(pos: tf.Tensor, neg: tf.Tensor): tf.Tensor {
    return this.activation(tf.add(tf.sub(neg, pos), this.margin));
  }
}

/** Pairwise hinge: max(0, s_neg - s_pos + margin); `margin_activation: softplus` gives the soft variant. */
export class MarginRankingLoss extends MarginPairwiseLoss {
  constructor(kwargs: MarginRankingKwargs = {}) {
    super(kwargs, { margin: 1, activation: 'relu' });
  }
}

/** Soft pairwise hinge: softplus(s_neg - s_pos + margin). */
export class SoftMarginRankingLoss extends MarginPairwiseLoss {
  constructor(kwargs: Omit<MarginRankingKwargs, 'margin_activation'> = {}) {
    super({ ...kwargs, margin_activation: 'softplus' }, { margin: 1, activation: 'softplus' });
  }
}

/** Pairwise logistic: softplus(s_neg - s_pos), the soft margin ranking loss with margin 0. */
export class PairwiseLogisticLoss extends MarginPairwiseLoss {
  constructor(kwargs: LossKwargs = {}) {
    super({ reduction: kwargs.reduction, margin: 0, margin_activation: 'softplus' }, { margin: 0, activation: 'softplus' });
  }
}
