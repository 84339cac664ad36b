/**
 * The fused CPU form of an interaction: scores, analytic gradients and all-entity ranking
 * computed directly over the embedding rows, in plain JS (training) and WebAssembly SIMD
 * (ranking, see scorer.ts). Each kernel must agree with the interaction's tfjs definition in
 * src/models/interactions/ (test/compute holds them equal).
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import type { RowGradients } from '../../training/row-gradients.js';
import type { KernelMode } from './wasm/kernels.js';

/**
 * How all-entity ranking reduces to one query vector per (h, r) or (r, t): every candidate
 * entity e then scores `mode(q, e)` (see wasm/kernels.ts for the four modes).
 */
export interface RankingForm {
  mode: KernelMode;
  /** Entity rows hold [re | im] halves (padded per half in the SIMD tables). */
  complex: boolean;
  /** q for the tail query (h, r, ?): writes entity-width floats at out[off ...]. */
  tailQuery(model: Model, h: number, r: number, out: Float32Array, off: number): void;
  /** q for the head query (?, r, t). */
  headQuery(model: Model, r: number, t: number, out: Float32Array, off: number): void;
}

export interface FusedKernel {
  /** Interaction name, with the norm for TransE (e.g. 'TransE-L1'). */
  readonly name: string;
  readonly ranking: RankingForm;
  /** out[i] = f(h_i, r_i, t_i) for the triples (3*M ids). */
  scoreTriples(model: Model, triples: Int32Array, out: Float32Array): void;
  /**
   * Adds d(sum_i dScores_i * f_i) / d(rows) to `grads`: one gradient row per occurrence of a
   * row in the triples, summed (what the tfjs engine's autodiff + scatter produces).
   */
  backward(model: Model, triples: Int32Array, dScores: Float32Array, grads: ModelGradients): void;
  /** out[i * numEntities + e] = f(h_i, r_i, e); blocked JS (FusedScorer is the SIMD, multi-core form). */
  scoreTails(model: Model, h: Int32Array, r: Int32Array, out: Float32Array): void;
  /** out[i * numEntities + e] = f(e, r_i, t_i). */
  scoreHeads(model: Model, r: Int32Array, t: Int32Array, out: Float32Array): void;
  /**
   * LCWA: adds the gradient of sum_{i,e} dScores[i*N + e] * f(h_i, r_i, e) to the rows of h_i,
   * r_i and every entity row (dense, like the tfjs engine).
   */
  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void;
}

/**
 * Reserves the gradient slots of a batch before any value is written: RowGradients may
 * reallocate while slots are added, so offsets are fixed first and `values` read once after.
 * Slots are taken in the tfjs engine's order (all heads, then all tails; relations), so both
 * engines list touched rows identically.
 */
export class SlotPlan {
  h = new Int32Array(0);
  r = new Int32Array(0);
  t = new Int32Array(0);

  plan(triples: Int32Array, grads: ModelGradients): { ent: Float32Array; rel: Float32Array } {
    const m = triples.length / 3;
    if (this.h.length < m) {
      this.h = new Int32Array(m);
      this.r = new Int32Array(m);
      this.t = new Int32Array(m);
    }
    const ge = grads.entities;
    const gr = grads.relations;
    for (let i = 0; i < m; i++) this.h[i] = ge.offsetOf(triples[3 * i]!);
    for (let i = 0; i < m; i++) this.t[i] = ge.offsetOf(triples[3 * i + 2]!);
    for (let i = 0; i < m; i++) this.r[i] = gr.offsetOf(triples[3 * i + 1]!);
    return { ent: ge.values, rel: gr.values };
  }
}

/** Slot offsets of rows `ids` (in order), then the values buffer; see SlotPlan. */
export function planRows(g: RowGradients, ids: ArrayLike<number>, into: Int32Array): void {
  for (let i = 0; i < ids.length; i++) into[i] = g.offsetOf(ids[i]!);
}

/** Slot offsets for LCWA: the query heads, then every entity row, then the relations. */
export function planLcwa(h: Int32Array, r: Int32Array, numEntities: number, grads: ModelGradients): { hOff: Int32Array; eOff: Int32Array; rOff: Int32Array } {
  const hOff = new Int32Array(h.length);
  const eOff = new Int32Array(numEntities);
  const rOff = new Int32Array(r.length);
  planRows(grads.entities, h, hOff);
  for (let e = 0; e < numEntities; e++) eOff[e] = grads.entities.offsetOf(e);
  planRows(grads.relations, r, rOff);
  return { hOff, eOff, rOff };
}
