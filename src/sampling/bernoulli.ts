import type { Rng } from '../util/random.js';
import { CorruptionSampler, uniformOther, type CandidateSlot, type CorruptionOptions } from './corruption.js';
import { relationSlots } from './relation-slots.js';
import { HEAD, TAIL, type SamplerContext } from './types.js';

/**
 * Per relation, the probability of corrupting the head: tph / (tph + hpt) (Wang et al. 2014,
 * TransH), where tph = triples / distinct heads and hpt = triples / distinct tails of that
 * relation; this simplifies to distinctTails / (distinctHeads + distinctTails). A relation
 * without training triples gets 0.5.
 */
export function headCorruptionProbabilities(triples: Int32Array, numEntities: number, numRelations: number): Float64Array {
  const { headOffsets, tailOffsets } = relationSlots(triples, numEntities, numRelations);
  const p = new Float64Array(numRelations);
  for (let r = 0; r < numRelations; r++) {
    const heads = headOffsets[r + 1]! - headOffsets[r]!;
    const tails = tailOffsets[r + 1]! - tailOffsets[r]!;
    p[r] = heads + tails === 0 ? 0.5 : tails / (heads + tails);
  }
  return p;
}

/**
 * Bernoulli negative sampling: corrupt the head with the relation's probability from
 * `headCorruptionProbabilities`, else the tail, with a uniformly drawn other entity. Fewer
 * false negatives for 1-to-N and N-to-1 relations than `basic`.
 */
export class BernoulliNegativeSampler extends CorruptionSampler {
  /** Head-corruption probability per relation id. */
  readonly headProbability: Float64Array;

  constructor(context: SamplerContext, options: CorruptionOptions) {
    super(context, options, "negative sampler 'bernoulli'");
    const f = context.factory;
    this.headProbability = headCorruptionProbabilities(f.mappedTriples, f.numEntities, f.numRelations);
  }

  protected corrupt(h: number, r: number, t: number, rng: Rng, out: Int32Array, o: number): void {
    out[o + 1] = r;
    if (rng.next() < this.headProbability[r]!) {
      out[o] = uniformOther(this.numEntities, h, rng);
      out[o + 2] = t;
    } else {
      out[o] = h;
      out[o + 2] = uniformOther(this.numEntities, t, rng);
    }
  }

  protected candidateSlots(): CandidateSlot[] {
    return [
      { slot: HEAD, pool: null },
      { slot: TAIL, pool: null },
    ];
  }
}
