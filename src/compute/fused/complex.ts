/**
 * ComplEx: f = Re(sum_j h_j r_j conj(t_j)), rows [re | im] of d = width/2 each:
 *   f = sum_j (hr rr - hi ri) tr + (hi rr + hr ri) ti.
 * Gradients with g = dLoss/df:
 *   dhr = g (rr tr + ri ti)   dhi = g (rr ti - ri tr)
 *   drr = g (hr tr + hi ti)   dri = g (hr ti - hi tr)
 *   dtr = g (hr rr - hi ri)   dti = g (hi rr + hr ri)
 * Ranking is a dot product with an entity-width query: tails q = h r, heads q = [Re w | -Im w]
 * with w = r conj(t).
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { OccurrenceGrads, dotProductBackward, scatterLcwa, type FusedKernel, type RankingForm, RankingKernel } from './kernel.js';

export const complexRanking: RankingForm = {
  mode: 'dot',
  complex: true,
  tailQuery(model, h, r, out, off) {
    const d = model.entities.width >> 1;
    const E = model.entities.data;
    const R = model.relations.data;
    const hb = h * 2 * d;
    const rb = r * 2 * d;
    for (let j = 0; j < d; j++) {
      const hr = E[hb + j]!, hi = E[hb + d + j]!;
      const rr = R[rb + j]!, ri = R[rb + d + j]!;
      out[off + j] = hr * rr - hi * ri;
      out[off + d + j] = hi * rr + hr * ri;
    }
  },
  headQuery(model, r, t, out, off) {
    const d = model.entities.width >> 1;
    const E = model.entities.data;
    const R = model.relations.data;
    const tb = t * 2 * d;
    const rb = r * 2 * d;
    for (let j = 0; j < d; j++) {
      const tr = E[tb + j]!, ti = E[tb + d + j]!;
      const rr = R[rb + j]!, ri = R[rb + d + j]!;
      out[off + j] = rr * tr + ri * ti;
      out[off + d + j] = rr * ti - ri * tr;
    }
  },
};

export class ComplExKernel extends RankingKernel implements FusedKernel {
  readonly name = 'ComplEx';
  readonly ranking = complexRanking;
  private readonly occ = new OccurrenceGrads();

  scoreTriples(model: Model, triples: Int32Array, out: Float32Array): void {
    const d = model.entities.width >> 1;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    for (let i = 0; i < m; i++) {
      const h = triples[3 * i]! * 2 * d;
      const r = triples[3 * i + 1]! * 2 * d;
      const t = triples[3 * i + 2]! * 2 * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const hr = E[h + j]!, hi = E[h + d + j]!;
        const rr = R[r + j]!, ri = R[r + d + j]!;
        s += (hr * rr - hi * ri) * E[t + j]! + (hi * rr + hr * ri) * E[t + d + j]!;
      }
      out[i] = s;
    }
  }

  backward(model: Model, triples: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const w = model.entities.width;
    const d = w >> 1;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    const { gh, gr, gt } = this.occ.reserve(m, w, w);
    for (let i = 0; i < m; i++) {
      const g = dScores[i]!;
      const h = triples[3 * i]! * w;
      const r = triples[3 * i + 1]! * w;
      const t = triples[3 * i + 2]! * w;
      const o = i * w;
      for (let j = 0; j < d; j++) {
        const hr = E[h + j]!, hi = E[h + d + j]!;
        const rr = R[r + j]!, ri = R[r + d + j]!;
        const tr = E[t + j]!, ti = E[t + d + j]!;
        gh[o + j] = g * (rr * tr + ri * ti);
        gh[o + d + j] = g * (rr * ti - ri * tr);
        gr[o + j] = g * (hr * tr + hi * ti);
        gr[o + d + j] = g * (hr * ti - hi * tr);
        gt[o + j] = g * (hr * rr - hi * ri);
        gt[o + d + j] = g * (hi * rr + hr * ri);
      }
    }
    this.occ.scatter(triples, grads);
  }


  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const w = model.entities.width;
    const d = w >> 1;
    const E = model.entities.data;
    const R = model.relations.data;
    const b = h.length;
    const { gq, ge } = dotProductBackward(this.ranking, model, h, r, dScores);
    const gh = new Float64Array(b * w);
    const gr = new Float64Array(b * w);
    for (let i = 0; i < b; i++) {
      const hb = h[i]! * w;
      const rb = r[i]! * w;
      const o = i * w;
      for (let j = 0; j < d; j++) {
        const a = gq[o + j]!, c = gq[o + d + j]!; // d/d(qr), d/d(qi)
        const hr = E[hb + j]!, hi = E[hb + d + j]!;
        const rr = R[rb + j]!, ri = R[rb + d + j]!;
        // qr = hr rr - hi ri, qi = hi rr + hr ri
        gh[o + j] = a * rr + c * ri;
        gh[o + d + j] = -a * ri + c * rr;
        gr[o + j] = a * hr + c * hi;
        gr[o + d + j] = -a * hi + c * hr;
      }
    }
    scatterLcwa(h, r, gh, gr, ge, grads);
  }
}
