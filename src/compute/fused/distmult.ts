/**
 * DistMult: f = sum_j h_j r_j t_j; with g = dLoss/df: dh = g r t, dr = g h t, dt = g h r.
 * Ranking is a dot product: tails q = h * r, heads q = r * t.
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { planLcwa, SlotPlan, type FusedKernel, type RankingForm } from './kernel.js';
import { scoreAllJs } from './ranking-js.js';

export const distMultRanking: RankingForm = {
  mode: 'dot',
  complex: false,
  tailQuery(model, h, r, out, off) {
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    for (let j = 0; j < w; j++) out[off + j] = E[h * w + j]! * R[r * w + j]!;
  },
  headQuery(model, r, t, out, off) {
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    for (let j = 0; j < w; j++) out[off + j] = R[r * w + j]! * E[t * w + j]!;
  },
};

export class DistMultKernel implements FusedKernel {
  readonly name = 'DistMult';
  readonly ranking = distMultRanking;
  private readonly slots = new SlotPlan();

  scoreTriples(model: Model, triples: Int32Array, out: Float32Array): void {
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    for (let i = 0; i < m; i++) {
      const h = triples[3 * i]! * w;
      const r = triples[3 * i + 1]! * w;
      const t = triples[3 * i + 2]! * w;
      let s = 0;
      for (let j = 0; j < w; j++) s += E[h + j]! * R[r + j]! * E[t + j]!;
      out[i] = s;
    }
  }

  backward(model: Model, triples: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    const { ent, rel } = this.slots.plan(triples, grads);
    const { h: hOff, r: rOff, t: tOff } = this.slots;
    for (let i = 0; i < m; i++) {
      const g = dScores[i]!;
      if (g === 0) continue;
      const h = triples[3 * i]! * w;
      const r = triples[3 * i + 1]! * w;
      const t = triples[3 * i + 2]! * w;
      const gh = hOff[i]!;
      const gr = rOff[i]!;
      const gt = tOff[i]!;
      for (let j = 0; j < w; j++) {
        const hj = E[h + j]!;
        const rj = R[r + j]!;
        const tj = E[t + j]!;
        ent[gh + j]! += g * rj * tj;
        rel[gr + j]! += g * hj * tj;
        ent[gt + j]! += g * hj * rj;
      }
    }
  }

  scoreTails(model: Model, h: Int32Array, r: Int32Array, out: Float32Array): void {
    scoreAllJs(this.ranking, model, h, r, 'tail', out);
  }

  scoreHeads(model: Model, r: Int32Array, t: Int32Array, out: Float32Array): void {
    scoreAllJs(this.ranking, model, r, t, 'head', out);
  }

  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const n = model.numEntities;
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    const { hOff, eOff, rOff } = planLcwa(h, r, n, grads);
    const ent = grads.entities.values;
    const rel = grads.relations.values;
    const q = new Float32Array(w);
    const gq = new Float64Array(w);
    for (let i = 0; i < h.length; i++) {
      // f(e) = q . e with q = h * r: de += g q, dq = sum_e g e, dh = dq * r, dr = dq * h.
      this.ranking.tailQuery(model, h[i]!, r[i]!, q, 0);
      gq.fill(0);
      const gRow = i * n;
      for (let e = 0; e < n; e++) {
        const g = dScores[gRow + e]!;
        if (g === 0) continue;
        const x = e * w;
        const ge = eOff[e]!;
        for (let j = 0; j < w; j++) {
          gq[j]! += g * E[x + j]!;
          ent[ge + j]! += g * q[j]!;
        }
      }
      const hb = h[i]! * w;
      const rb = r[i]! * w;
      const gh = hOff[i]!;
      const gr = rOff[i]!;
      for (let j = 0; j < w; j++) {
        ent[gh + j]! += gq[j]! * R[rb + j]!;
        rel[gr + j]! += gq[j]! * E[hb + j]!;
      }
    }
  }
}
