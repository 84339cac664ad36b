import { TripleSet } from '../data/triple-set.js';
import { ConfigError, DataError } from '../errors.js';
import type { Rng } from '../util/random.js';
import { RELATION, type NegativeSampler, type SamplerContext, type Slot } from './types.js';

/** Random draws a filtered sampler tries before it enumerates the valid corruptions. */
export const FILTER_MAX_DRAWS = 32;

export interface CorruptionOptions {
  numNegsPerPos: number;
  filtered: boolean;
}

/** One slot a corruption may replace, with the ids allowed there (`null`: every id of that kind). */
export interface CandidateSlot {
  slot: Slot;
  pool: Int32Array | null;
}

/**
 * The shared loop of all samplers: each negative is a copy of its positive with one slot
 * replaced by `corrupt`. With `filtered`, a corruption that is a known true triple is drawn
 * again, up to FILTER_MAX_DRAWS times; then every valid corruption over `candidateSlots` (or,
 * if there is none, `widerSlots`) is counted and one is picked uniformly. Only when none exists
 * at all does a true triple stay (counted in `unfilteredCount`), so output shapes never change.
 */
export abstract class CorruptionSampler implements NegativeSampler {
  readonly numNegsPerPos: number;
  readonly filtered: boolean;
  readonly numEntities: number;
  readonly numRelations: number;
  /** Negatives returned although they are known true triples, because no valid corruption existed. */
  unfilteredCount = 0;
  protected readonly known: TripleSet | null;

  constructor(context: SamplerContext, options: CorruptionOptions, where: string) {
    const factory = context?.factory;
    if (!factory) throw new ConfigError('a negative sampler needs the training triples factory in its context', where);
    if (!Number.isInteger(options.numNegsPerPos) || options.numNegsPerPos < 1) {
      throw new ConfigError(`num_negs_per_pos must be an integer >= 1, got ${options.numNegsPerPos}`, where);
    }
    if (factory.numEntities < 2) throw new ConfigError(`cannot corrupt entities of a graph with ${factory.numEntities} entity`, where);
    this.numNegsPerPos = options.numNegsPerPos;
    this.filtered = options.filtered;
    this.numEntities = factory.numEntities;
    this.numRelations = factory.numRelations;
    const extra = context.filterTriples ?? [];
    this.known = !options.filtered
      ? null
      : extra.length === 0
        ? factory.tripleSet()
        : TripleSet.fromTriples(factory.mappedTriples, ...extra);
  }

  /** Writes one corruption of (h, r, t) to out[o..o+2]; it must differ from (h, r, t). */
  protected abstract corrupt(h: number, r: number, t: number, rng: Rng, out: Int32Array, o: number): void;

  /** Slots and pools the corruptions of (h, r, t) may use; enumerated only when filtering gets stuck. */
  protected abstract candidateSlots(h: number, r: number, t: number): CandidateSlot[];

  /**
   * A wider candidate set tried when none of `candidateSlots` gives a valid corruption (the
   * pseudo-typed sampler widens to all entities). Null: no wider set.
   */
  protected widerSlots(_h: number, _r: number, _t: number): CandidateSlot[] | null {
    return null;
  }

  sample(positives: Int32Array, rng: Rng, out?: Int32Array): Int32Array {
    const k = this.numNegsPerPos;
    const batch = positives.length / 3;
    if (!Number.isInteger(batch)) throw new DataError(`positives must hold 3 ids per triple, got length ${positives.length}`, 'negative sampler');
    const size = positives.length * k;
    if (!out || out.length !== size) out = new Int32Array(size);
    const E = this.numEntities;
    const R = this.numRelations;
    const known = this.known;
    for (let i = 0; i < batch; i++) {
      const h = positives[3 * i]!;
      const r = positives[3 * i + 1]!;
      const t = positives[3 * i + 2]!;
      if (!(h >= 0 && h < E && t >= 0 && t < E && r >= 0 && r < R)) {
        throw new DataError(`positive ${i} (${h}, ${r}, ${t}) has an id outside ${E} entities / ${R} relations`, 'negative sampler');
      }
      for (let j = 0; j < k; j++) {
        const o = 3 * (i * k + j);
        this.corrupt(h, r, t, rng, out, o);
        if (known === null) continue;
        let draws = 1;
        while (known.has(out[o]!, out[o + 1]!, out[o + 2]!)) {
          if (draws === FILTER_MAX_DRAWS) {
            this.pickValidCorruption(h, r, t, rng, out, o, known);
            break;
          }
          this.corrupt(h, r, t, rng, out, o);
          draws++;
        }
      }
    }
    return out;
  }

  /**
   * Uniform choice among every corruption over `candidateSlots` (else `widerSlots`) that is not
   * a known triple. Two passes: count, then take the drawn one.
   */
  private pickValidCorruption(h: number, r: number, t: number, rng: Rng, out: Int32Array, o: number, known: TripleSet): void {
    let slots = this.candidateSlots(h, r, t);
    const triple = [h, r, t];
    const visit = (pick: number): number => {
      let count = 0;
      for (const { slot, pool } of slots) {
        const original = triple[slot]!;
        const n = pool ? pool.length : slot === RELATION ? this.numRelations : this.numEntities;
        for (let q = 0; q < n; q++) {
          const x = pool ? pool[q]! : q;
          if (x === original) continue;
          triple[slot] = x;
          const valid = !known.has(triple[0]!, triple[1]!, triple[2]!);
          triple[slot] = original;
          if (!valid) continue;
          if (count === pick) {
            out[o] = h;
            out[o + 1] = r;
            out[o + 2] = t;
            out[o + slot] = x;
          }
          count++;
        }
      }
      return count;
    };
    let count = visit(-1);
    if (count === 0) {
      const wider = this.widerSlots(h, r, t);
      if (wider) {
        slots = wider;
        count = visit(-1);
      }
    }
    if (count === 0) {
      this.unfilteredCount++;
      return;
    }
    visit(rng.int(count));
  }
}

/** Uniform id in [0, n) other than `original` (PyKEEN's shift trick: draw from n - 1, skip the original). */
export function uniformOther(n: number, original: number, rng: Rng): number {
  const x = rng.int(n - 1);
  return x >= original ? x + 1 : x;
}
