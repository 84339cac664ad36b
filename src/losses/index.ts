/** Losses: scores -> scalar. See docs/losses.md. */
export { Loss, type Reduction, type LossFamily, type LossKwargs, type LossContext } from './base.js';
export { PointwiseLoss, type PointwiseKwargs } from './pointwise.js';
export { PairwiseLoss, lcwaPairs, gatherFlat } from './pairwise.js';
export { SetwiseLoss } from './setwise.js';
export { AdversarialLoss, type AdversarialKwargs } from './adversarial.js';
export { MarginPairwiseLoss, MarginRankingLoss, SoftMarginRankingLoss, PairwiseLogisticLoss, type MarginRankingKwargs } from './margin-ranking.js';
export { DoubleMarginLoss, type DoubleMarginKwargs } from './double-margin.js';
export { DeltaPointwiseLoss, PointwiseHingeLoss, SoftPointwiseHingeLoss, SoftplusLoss, type PointwiseMarginKwargs } from './pointwise-hinge.js';
export { BCEWithLogitsLoss, BCEAfterSigmoidLoss, type BCEWithLogitsKwargs } from './bce.js';
export { MSELoss } from './mse.js';
export { FocalLoss, type FocalKwargs } from './focal.js';
export { CrossEntropyLoss, InfoNCELoss, type CrossEntropyKwargs, type InfoNCEKwargs } from './cross-entropy.js';
export { NSSALoss, type NSSAKwargs } from './nssa.js';
export { AdversarialBCEWithLogitsLoss } from './adversarial-bce.js';
export {
  softplus,
  logSigmoid,
  stopGradient,
  bceWithLogits,
  logOneMinusPt,
  smoothLabels,
  marginActivation,
  type Activation,
  type MarginActivationName,
} from './math.js';
export {
  LABEL_SMOOTHING_PARAM,
  REDUCTION_PARAM,
  MARGIN_ACTIVATION_PARAM,
  readNumber,
  readOptionalNumber,
  readChoice,
  type Bounds,
} from './params.js';
export {
  lossRegistry,
  resolveLoss,
  describeLosses,
  withContext,
  DEFAULT_LOSS,
  type LossDescription,
  type LossParamDescription,
} from './registry.js';
