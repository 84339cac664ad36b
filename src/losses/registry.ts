import { Registry, type ParamSpec, type RegistryEntry } from '../registry.js';
import { AdversarialBCEWithLogitsLoss } from './adversarial-bce.js';
import type { Loss, LossContext, LossFamily } from './base.js';
import { BCEAfterSigmoidLoss, BCEWithLogitsLoss } from './bce.js';
import { CrossEntropyLoss, INFONCE_DEFAULT_LOG_TEMPERATURE, InfoNCELoss } from './cross-entropy.js';
import { DoubleMarginLoss } from './double-margin.js';
import { FocalLoss } from './focal.js';
import { MarginRankingLoss, PairwiseLogisticLoss, SoftMarginRankingLoss } from './margin-ranking.js';
import { MSELoss } from './mse.js';
import { NSSALoss } from './nssa.js';
import { LABEL_SMOOTHING_PARAM, MARGIN_ACTIVATION_PARAM, REDUCTION_PARAM } from './params.js';
import { PointwiseHingeLoss, SoftplusLoss, SoftPointwiseHingeLoss } from './pointwise-hinge.js';

/**
 * Every loss by name. Names match case-, dash- and underscore-insensitively and an optional `Loss`
 * suffix is ignored, so `Focal_Loss`, `focal-loss`, `FocalLoss` and `focal` are one loss.
 * Register your own with `lossRegistry.register({ name, family, description, params, create })`.
 */
export const lossRegistry = new Registry<Loss, LossContext | undefined>('loss', 'loss');

/** The loss used when a config names none (PyKEEN's default). */
export const DEFAULT_LOSS = 'marginranking';

type Kw = Record<string, unknown>;

/** Registers a built-in loss: `make` builds it from checked kwargs; the context sets numEntities. */
function add(
  name: string,
  family: LossFamily,
  description: string,
  params: ParamSpec[],
  make: (kw: Kw) => Loss,
  aliases: string[] = [],
): void {
  const entry: RegistryEntry<Loss, LossContext | undefined> = {
    name,
    family,
    description,
    params: [...params, REDUCTION_PARAM],
    aliases,
    create: (kw, context) => withContext(make(kw), context),
  };
  lossRegistry.register(entry);
}

/** Applies a registry context to a freshly built loss (used by built-ins; handy for custom entries). */
export function withContext<T extends Loss>(loss: T, context?: LossContext): T {
  if (context?.numEntities !== undefined) loss.numEntities = context.numEntities;
  return loss;
}

const margin = (def: number, low = 0, high = 3): ParamSpec => ({
  name: 'margin',
  type: 'float',
  default: def,
  low,
  high,
  description: 'margin',
});

// Pairwise
add(
  'marginranking',
  'pairwise',
  'pairwise hinge: g(s_neg - s_pos + margin), g = relu (or softplus)',
  [margin(1), MARGIN_ACTIVATION_PARAM],
  (kw) => new MarginRankingLoss(kw),
  ['pairwisehinge'],
);
add(
  'softmarginranking',
  'pairwise',
  'soft pairwise hinge: softplus(s_neg - s_pos + margin)',
  [margin(1)],
  (kw) => new SoftMarginRankingLoss(kw),
  ['softpairwisehinge'],
);
add('pairwiselogistic', 'pairwise', 'pairwise logistic: softplus(s_neg - s_pos)', [], (kw) => new PairwiseLogisticLoss(kw));

// Pointwise
add(
  'doublemargin',
  'pointwise',
  'limit-based: b g(positive_margin - s_pos) + (1 - b) g(negative_margin + s_neg)',
  [
    { name: 'positive_margin', type: 'float', low: -1, high: 1, description: 'absolute margin for positives (default 1)' },
    { name: 'negative_margin', type: 'float', description: 'absolute margin for negatives (default 0)' },
    { name: 'offset', type: 'float', low: 0, high: 1, description: 'positive_margin - negative_margin, with one of the two margins' },
    { name: 'positive_negative_balance', type: 'float', default: 0.5, low: 1e-3, high: 1 - 1e-3, description: 'weight b of the positive term, in [0, 1]' },
    MARGIN_ACTIVATION_PARAM,
    LABEL_SMOOTHING_PARAM,
  ],
  (kw) => new DoubleMarginLoss(kw),
);
add(
  'pointwisehinge',
  'pointwise',
  'pointwise hinge: relu(margin - l s), l = 2y - 1',
  [margin(1), LABEL_SMOOTHING_PARAM],
  (kw) => new PointwiseHingeLoss(kw),
);
add(
  'softpointwisehinge',
  'pointwise',
  'soft pointwise hinge: softplus(margin - l s), l = 2y - 1',
  [margin(1), LABEL_SMOOTHING_PARAM],
  (kw) => new SoftPointwiseHingeLoss(kw),
);
add('softplus', 'pointwise', 'pointwise logistic: softplus(-l s), l = 2y - 1', [LABEL_SMOOTHING_PARAM], (kw) => new SoftplusLoss(kw), [
  'pointwiselogistic',
]);
add(
  'bcewithlogits',
  'pointwise',
  'binary cross entropy on logits: -(w y log s(x) + (1 - y) log(1 - s(x)))',
  [
    { name: 'pos_weight', type: 'float', default: null, low: 2 ** -2, high: 2 ** 10, log: true, description: 'weight w of the positive class (> 0); none = 1' },
    LABEL_SMOOTHING_PARAM,
  ],
  (kw) => new BCEWithLogitsLoss(kw),
  ['negativeloglikelihood', 'bce'],
);
add(
  'bceaftersigmoid',
  'pointwise',
  'binary cross entropy of sigmoid(x), each log term capped at 100 like PyTorch BCELoss',
  [LABEL_SMOOTHING_PARAM],
  (kw) => new BCEAfterSigmoidLoss(kw),
);
add('mse', 'pointwise', 'squared error (s - y)^2', [LABEL_SMOOTHING_PARAM], (kw) => new MSELoss(kw), [
  'meansquareerror',
  'meansquarederror',
]);
add(
  'focal',
  'pointwise',
  'focal: bce(s, y) (1 - p_t)^gamma, optionally alpha-balanced',
  [
    { name: 'gamma', type: 'float', default: 2, low: 0, high: 5, description: 'focusing exponent, >= 0; 0 = bcewithlogits' },
    { name: 'alpha', type: 'float', default: null, description: 'weight of positives in (0, 1), negatives get 1 - alpha; none = unweighted' },
    LABEL_SMOOTHING_PARAM,
  ],
  (kw) => new FocalLoss(kw),
);

// Setwise
add(
  'crossentropy',
  'setwise',
  'softmax cross entropy of each row against its normalized labels',
  [LABEL_SMOOTHING_PARAM],
  (kw) => new CrossEntropyLoss(kw),
);
add(
  'infonce',
  'setwise',
  'InfoNCE with additive margin: cross entropy of ((s - margin [positives]) / tau)',
  [
    { name: 'margin', type: 'float', default: 0.02, low: 0.01, high: 0.1, description: 'subtracted from positive scores, >= 0' },
    {
      name: 'log_adversarial_temperature',
      type: 'float',
      default: INFONCE_DEFAULT_LOG_TEMPERATURE,
      low: -3,
      high: 3,
      description: 'log of the softmax temperature tau (default log 0.05)',
    },
    LABEL_SMOOTHING_PARAM,
  ],
  (kw) => new InfoNCELoss(kw),
);
add(
  'nssa',
  'setwise',
  'self-adversarial negative sampling (RotatE): softplus(-(m + s_pos)) + sum_j w_j softplus(m + s_neg_j)',
  [
    { name: 'margin', type: 'float', default: 9, low: 3, high: 30, step: 3, description: 'margin gamma' },
    { name: 'adversarial_temperature', type: 'float', default: 1, low: 0.5, high: 1, description: 'inverse softmax temperature alpha of the weights, >= 0' },
  ],
  (kw) => new NSSALoss(kw),
  ['selfadversarialnegativesampling', 'negativesamplingselfadversarial'],
);
add(
  'adversarialbce',
  'setwise',
  'adversarially weighted binary cross entropy on logits',
  [
    { name: 'adversarial_temperature', type: 'float', default: 1, low: 0.5, high: 1, description: 'inverse softmax temperature of the weights, >= 0' },
    LABEL_SMOOTHING_PARAM,
  ],
  (kw) => new AdversarialBCEWithLogitsLoss(kw),
  ['adversarialbcewithlogits'],
);

/** Builds a loss by name; kwargs are checked (unknown keys, types, ranges are ConfigErrors). */
export function resolveLoss(name: string = DEFAULT_LOSS, kwargs: Record<string, unknown> = {}, context?: LossContext, where?: string): Loss {
  return lossRegistry.create(name, kwargs, context, where);
}

export interface LossParamDescription {
  name: string;
  default: unknown;
  /** Default sweep range, if the parameter has one. */
  range?: { low?: number; high?: number; step?: number; log?: boolean; values?: readonly unknown[] };
  description?: string;
}

export interface LossDescription {
  name: string;
  family: string;
  description: string;
  params: LossParamDescription[];
}

/** One line per registered loss (built-in and user-registered), for `kge ls losses`. */
export function describeLosses(): LossDescription[] {
  return lossRegistry.list().map((e) => ({
    name: e.name,
    family: e.family ?? '',
    description: e.description ?? '',
    params: (e.params ?? []).map((p) => {
      const out: LossParamDescription = { name: p.name, default: p.default ?? null };
      if (p.low !== undefined || p.high !== undefined || p.values !== undefined) {
        out.range = {};
        if (p.low !== undefined) out.range.low = p.low;
        if (p.high !== undefined) out.range.high = p.high;
        if (p.step !== undefined) out.range.step = p.step;
        if (p.log) out.range.log = true;
        if (p.values !== undefined) out.range.values = p.values;
      }
      if (p.description) out.description = p.description;
      return out;
    }),
  }));
}
