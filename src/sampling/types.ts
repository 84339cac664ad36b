import type { TriplesFactory } from '../data/triples-factory.js';
import type { Rng } from '../util/random.js';

/** See docs/architecture.md ("Negative samplers") and docs/sampling.md. */
export interface NegativeSampler {
  numNegsPerPos: number;
  /**
   * positives: 3*B ids. Returns 3*B*k ids (k = numNegsPerPos); row i*k+j is the j-th corruption
   * of positive i. `out`, when given with that length, is filled and returned instead of a new array.
   */
  sample(positives: Int32Array, rng: Rng, out?: Int32Array): Int32Array;
}

/** What a sampler is built from: the training factory, plus extra known-true triples to filter. */
export interface SamplerContext {
  factory: TriplesFactory;
  /** More true triples (3*n each, e.g. validation) that a `filtered` sampler must not return. */
  filterTriples?: Int32Array[];
}

/** Positions within a triple row; also the values of a corruption scheme. */
export const HEAD = 0;
export const RELATION = 1;
export const TAIL = 2;
export type Slot = typeof HEAD | typeof RELATION | typeof TAIL;
