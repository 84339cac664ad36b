/** Scores whole rows of candidates; all the evaluator needs from a model (see docs/architecture.md). */
export interface Scorer {
  numEntities: number;
  /** Scores of (h_i, r_i, e) for every entity e: out[i * numEntities + e]. */
  scoreTails(h: Int32Array, r: Int32Array, out: Float32Array): void;
  /** Scores of (e, r_i, t_i) for every entity e. */
  scoreHeads(r: Int32Array, t: Int32Array, out: Float32Array): void;
}
