/**
 * DistMult: f = sum_j h_j r_j t_j; with g = dLoss/df: dh = g r t, dr = g h t, dt = g h r.
 * Training follows tfjs's float32 op order (f = sum((h r) t), dh = (g t) r, dr = (g t) h,
 * dt = g (h r), each product rounded to float32) so both engines compute equal numbers.
 * Ranking is a dot product: tails q = h * r, heads q = r * t.
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { OccurrenceGrads, dotProductBackward, scatterLcwa, type FusedKernel, type RankingForm, RankingKernel } from './kernel.js';

const fround = Math.fround;

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

export class DistMultKernel extends RankingKernel implements FusedKernel {
  readonly name = 'DistMult';
  readonly ranking = distMultRanking;
  private readonly occ = new OccurrenceGrads();

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
      for (let j = 0; j < w; j++) s += fround(fround(E[h + j]! * R[r + j]!) * E[t + j]!);
      out[i] = s;
    }
  }

  backward(model: Model, triples: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const w = model.entities.width;
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
      for (let j = 0; j < w; j++) {
        const hj = E[h + j]!;
        const rj = R[r + j]!;
        const gtj = fround(g * E[t + j]!);
        gh[o + j] = gtj * rj;
        gr[o + j] = gtj * hj;
        gt[o + j] = g * fround(hj * rj);
      }
    }
    this.occ.scatter(triples, grads);
  }


  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const w = model.entities.width;
    const E = model.entities.data;
    const R = model.relations.data;
    const b = h.length;
    const { gq, ge } = dotProductBackward(this.ranking, model, h, r, dScores);
    const gh = new Float64Array(b * w);
    const gr = new Float64Array(b * w);
    for (let i = 0; i < b; i++) {
      const hb = h[i]! * w;
      const rb = r[i]! * w;
      for (let j = 0; j < w; j++) {
        gh[i * w + j] = gq[i * w + j]! * R[rb + j]!;
        gr[i * w + j] = gq[i * w + j]! * E[hb + j]!;
      }
    }
    scatterLcwa(h, r, gh, gr, ge, grads);
  }
}
