import type { Tensor } from '../compute/tf.js';

/**
 * A pure scoring function of head, relation and tail representations. Inputs are tensors whose
 * last axis holds a row's features; leading axes broadcast, so the same function scores a batch
 * of triples ([B, w] each) or a batch of queries against all entities ([B, 1, w] with [1, N, w]).
 * Higher scores mean more plausible.
 */
export interface Interaction {
  readonly name: string;
  /** Floats per entity row for a given embedding_dim (ComplEx stores real and imaginary halves). */
  entityWidth(dim: number): number;
  relationWidth(dim: number): number;
  score(h: Tensor, r: Tensor, t: Tensor): Tensor;
}
