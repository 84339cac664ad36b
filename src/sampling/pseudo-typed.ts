import type { Rng } from '../util/random.js';
import { CorruptionSampler, uniformOther, type CandidateSlot, type CorruptionOptions } from './corruption.js';
import { indexInSorted, relationSlots, type RelationSlots } from './relation-slots.js';
import { HEAD, TAIL, type SamplerContext } from './types.js';

/**
 * Pseudo-typed negative sampling (PyKEEN's `pseudotyped`, after Kotnis & Nastase 2018): a head
 * is replaced only by an entity seen as a head of the same relation in training, a tail only by
 * one seen as its tail. Like PyKEEN, the draw is uniform over the head pool and tail pool
 * together (so the larger pool is corrupted more often); unlike PyKEEN, the original entity is
 * left out of its pool, so a negative never equals its positive. When neither pool offers an
 * entity other than the original (e.g. a relation with a single head and a single tail), the
 * sampler falls back to `basic`: a uniform side and a uniform other entity. With `filtered`,
 * when every typed corruption is a known triple, the valid one is sought among all entities.
 */
export class PseudoTypedNegativeSampler extends CorruptionSampler {
  readonly slots: RelationSlots;
  /** Corruptions drawn from all entities (uniform fallback, or widened by filtering), for diagnostics. */
  fallbackCount = 0;

  constructor(context: SamplerContext, options: CorruptionOptions) {
    super(context, options, "negative sampler 'pseudotyped'");
    const f = context.factory;
    this.slots = relationSlots(f.mappedTriples, f.numEntities, f.numRelations);
  }

  protected corrupt(h: number, r: number, t: number, rng: Rng, out: Int32Array, o: number): void {
    const { headOffsets, heads, tailOffsets, tails } = this.slots;
    const hs = headOffsets[r]!;
    const he = headOffsets[r + 1]!;
    const ts = tailOffsets[r]!;
    const te = tailOffsets[r + 1]!;
    const hPos = indexInSorted(heads, hs, he, h);
    const tPos = indexInSorted(tails, ts, te, t);
    const headChoices = he - hs - (hPos >= 0 ? 1 : 0);
    const tailChoices = te - ts - (tPos >= 0 ? 1 : 0);
    out[o] = h;
    out[o + 1] = r;
    out[o + 2] = t;
    if (headChoices + tailChoices === 0) {
      this.fallbackCount++;
      if (rng.int(2) === 0) out[o] = uniformOther(this.numEntities, h, rng);
      else out[o + 2] = uniformOther(this.numEntities, t, rng);
      return;
    }
    const k = rng.int(headChoices + tailChoices);
    if (k < headChoices) {
      const idx = hs + k;
      out[o] = heads[hPos >= 0 && idx >= hPos ? idx + 1 : idx]!;
    } else {
      const idx = ts + k - headChoices;
      out[o + 2] = tails[tPos >= 0 && idx >= tPos ? idx + 1 : idx]!;
    }
  }

  protected candidateSlots(h: number, r: number, t: number): CandidateSlot[] {
    const { headOffsets, heads, tailOffsets, tails } = this.slots;
    const headPool = heads.subarray(headOffsets[r]!, headOffsets[r + 1]!);
    const tailPool = tails.subarray(tailOffsets[r]!, tailOffsets[r + 1]!);
    const others = (pool: Int32Array, x: number) => pool.length - (indexInSorted(pool, 0, pool.length, x) >= 0 ? 1 : 0);
    if (others(headPool, h) + others(tailPool, t) === 0) {
      return [
        { slot: HEAD, pool: null },
        { slot: TAIL, pool: null },
      ];
    }
    return [
      { slot: HEAD, pool: headPool },
      { slot: TAIL, pool: tailPool },
    ];
  }

  /** Filtering found every typed corruption true: widen to all entities, as the fallback does. */
  protected override widerSlots(): CandidateSlot[] {
    this.fallbackCount++;
    return [
      { slot: HEAD, pool: null },
      { slot: TAIL, pool: null },
    ];
  }
}
