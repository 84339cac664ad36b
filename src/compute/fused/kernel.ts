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
import { scoreAllJs } from './ranking-js.js';

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
 * Per-occurrence gradient rows of a batch (row i of `gh` is d/dh of triple i, and so on),
 * reused across steps. Kernels fill them, then `scatter` adds them to the row buffers.
 */
export class OccurrenceGrads {
  gh = new Float32Array(0);
  gr = new Float32Array(0);
  gt = new Float32Array(0);

  reserve(m: number, we: number, wr: number): this {
    if (this.gh.length < m * we) {
      this.gh = new Float32Array(m * we);
      this.gt = new Float32Array(m * we);
    }
    if (this.gr.length < m * wr) this.gr = new Float32Array(m * wr);
    return this;
  }

  /**
   * Adds the rows to `grads` in the tfjs engine's order: every head occurrence, then every
   * tail, then every relation. Float32 sums depend on order, and Adam turns a cancellation
   * residue (0 in one order, 1e-9 in another) into a full step, so both engines must add alike.
   */
  scatter(triples: Int32Array, grads: ModelGradients): void {
    const m = triples.length / 3;
    addOccurrences(grads.entities, triples, 0, this.gh, m);
    addOccurrences(grads.entities, triples, 2, this.gt, m);
    addOccurrences(grads.relations, triples, 1, this.gr, m);
  }

  /** scatter() for kernels whose rows tie as dh = dr = -dt (TransE): only `gh` is filled. */
  scatterTied(triples: Int32Array, grads: ModelGradients): void {
    const m = triples.length / 3;
    addOccurrences(grads.entities, triples, 0, this.gh, m);
    addOccurrences(grads.entities, triples, 2, this.gh, m, -1);
    addOccurrences(grads.relations, triples, 1, this.gh, m);
  }
}

let offsets = new Int32Array(0);

function addOccurrences(g: RowGradients, triples: Int32Array, col: number, src: Float32Array, m: number, sign: 1 | -1 = 1): void {
  const w = g.width;
  if (offsets.length < m) offsets = new Int32Array(m);
  // Slots first: offsetOf may grow the buffer, so `values` is read once they all exist.
  for (let i = 0; i < m; i++) offsets[i] = g.offsetOf(triples[3 * i + col]!);
  const v = g.values;
  for (let i = 0; i < m; i++) {
    const off = offsets[i]!;
    // (a - b) equals (a + (-b)) exactly in float32, so subtracting matches adding -dd.
    if (sign > 0) for (let j = 0, s = i * w; j < w; j++) v[off + j]! += src[s + j]!;
    else for (let j = 0, s = i * w; j < w; j++) v[off + j]! -= src[s + j]!;
  }
}

/** Slot offsets of rows `ids`, in order (allocating zeroed slots on first use). */
export function planRows(g: RowGradients, ids: ArrayLike<number>, into: Int32Array): void {
  for (let i = 0; i < ids.length; i++) into[i] = g.offsetOf(ids[i]!);
}

/**
 * LCWA gradients in the tfjs engine's order: the query heads' rows, then every entity row
 * (ascending), then the relations. `gq` (B x we), `gr` (B x wr) and `ge` (N x we) are sums in
 * double precision, rounded to float32 once, as tfjs's reductions do.
 */
export function scatterLcwa(h: Int32Array, r: Int32Array, gq: Float64Array, grel: Float64Array, ge: Float64Array, grads: ModelGradients): void {
  const ent = grads.entities;
  const rel = grads.relations;
  const we = ent.width;
  const wr = rel.width;
  const n = ent.numRows;
  const hOff = new Int32Array(h.length);
  const eOff = new Int32Array(n);
  const rOff = new Int32Array(r.length);
  planRows(ent, h, hOff);
  for (let e = 0; e < n; e++) eOff[e] = ent.offsetOf(e);
  planRows(rel, r, rOff);
  const ev = ent.values;
  const rv = rel.values;
  const fround = Math.fround;
  for (let i = 0; i < h.length; i++) for (let j = 0; j < we; j++) ev[hOff[i]! + j]! += fround(gq[i * we + j]!);
  for (let e = 0; e < n; e++) for (let j = 0; j < we; j++) ev[eOff[e]! + j]! += fround(ge[e * we + j]!);
  for (let i = 0; i < r.length; i++) for (let j = 0; j < wr; j++) rv[rOff[i]! + j]! += fround(grel[i * wr + j]!);
}

/**
 * LCWA backward for interactions scored as a dot product f(e) = q . e with a per-query vector
 * q (DistMult: h * r; ComplEx: the complex product h r): accumulates dq = sum_e g_e e (per
 * query) and de = sum_i g_ie q_i (per entity). The caller maps dq back onto h and r.
 */
export function dotProductBackward(ranking: RankingForm, model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array): { gq: Float64Array; ge: Float64Array } {
  const n = model.numEntities;
  const w = model.entities.width;
  const E = model.entities.data;
  const b = h.length;
  const gq = new Float64Array(b * w);
  const ge = new Float64Array(n * w);
  const q = new Float32Array(w);
  for (let i = 0; i < b; i++) {
    ranking.tailQuery(model, h[i]!, r[i]!, q, 0);
    const gRow = i * n;
    const qo = i * w;
    for (let e = 0; e < n; e++) {
      const g = dScores[gRow + e]!;
      if (g === 0) continue;
      const x = e * w;
      for (let j = 0; j < w; j++) {
        gq[qo + j]! += g * E[x + j]!;
        ge[x + j]! += g * q[j]!;
      }
    }
  }
  return { gq, ge };
}

/**
 * Shared by every kernel: all-entity scoring in plain JS through the kernel's ranking form (the
 * SIMD path lives in FusedScorer).
 */
export abstract class RankingKernel {
  abstract readonly ranking: RankingForm;

  scoreTails(model: Model, h: Int32Array, r: Int32Array, out: Float32Array): void {
    scoreAllJs(this.ranking, model, h, r, 'tail', out);
  }

  scoreHeads(model: Model, r: Int32Array, t: Int32Array, out: Float32Array): void {
    scoreAllJs(this.ranking, model, r, t, 'head', out);
  }
}
