import { Registry, type ParamSpec } from '../registry.js';
import { BasicNegativeSampler, parseCorruptionScheme } from './basic.js';
import { BernoulliNegativeSampler } from './bernoulli.js';
import type { CorruptionOptions } from './corruption.js';
import { PseudoTypedNegativeSampler } from './pseudo-typed.js';
import type { NegativeSampler, SamplerContext } from './types.js';

/** Parameters every sampler takes. Defaults and sweep range follow PyKEEN. */
const COMMON_PARAMS: readonly ParamSpec[] = [
  {
    name: 'num_negs_per_pos',
    type: 'int',
    default: 1,
    description: 'negatives drawn per positive triple',
    low: 1,
    high: 100,
    log: true,
  },
  {
    name: 'filtered',
    type: 'bool',
    default: false,
    description: 'redraw corruptions that are known true triples (training triples plus filterTriples)',
    values: [false, true],
  },
];

const common = (kwargs: Record<string, unknown>): CorruptionOptions => ({
  numNegsPerPos: kwargs.num_negs_per_pos as number,
  filtered: kwargs.filtered as boolean,
});

/** Name -> negative sampler. Names ignore case, `-`, `_` and a `NegativeSampler` suffix. */
export const samplerRegistry = new Registry<NegativeSampler, SamplerContext>('negative sampler', 'NegativeSampler');

samplerRegistry.register({
  name: 'basic',
  description: 'uniform: corrupt a uniformly chosen slot of the corruption scheme with a uniform other id',
  params: [
    ...COMMON_PARAMS,
    {
      name: 'corruption_scheme',
      type: 'object',
      default: ['head', 'tail'],
      description: "slots that may be corrupted: any of 'head', 'relation', 'tail'",
    },
  ],
  create: (kwargs, context) =>
    new BasicNegativeSampler(context, {
      ...common(kwargs),
      corruptionScheme: parseCorruptionScheme(kwargs.corruption_scheme, "negative sampler 'basic': corruption_scheme"),
    }),
});

samplerRegistry.register({
  name: 'bernoulli',
  description: 'corrupt the head with probability tph / (tph + hpt) of the relation (Wang et al. 2014), else the tail',
  params: COMMON_PARAMS,
  create: (kwargs, context) => new BernoulliNegativeSampler(context, common(kwargs)),
});

samplerRegistry.register({
  name: 'pseudotyped',
  description: 'replace a head (tail) only by entities seen as head (tail) of the same relation in training',
  params: COMMON_PARAMS,
  aliases: ['pseudo_typed'],
  create: (kwargs, context) => new PseudoTypedNegativeSampler(context, common(kwargs)),
});
