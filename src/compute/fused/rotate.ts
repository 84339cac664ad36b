/**
 * RotatE: f = -sum_j |h_j e^{i theta_j} - t_j|, entity rows [re | im] (d each), relation rows
 * d phases. With c = cos theta, s = sin theta, dr = hr c - hi s - tr, di = hr s + hi c - ti,
 * m = sqrt(dr^2 + di^2 + 1e-12), g = dLoss/df and (a, b) = -g (dr, di) / m:
 *   dhr = a c + b s   dhi = -a s + b c   dtr = -a   dti = -b
 *   dtheta = a (-hr s - hi c) + b (hr c - hi s)
 * Ranking: tails q = h e^{i theta}; heads q = t e^{-i theta} (|r| = 1, so |e r - t| = |e - t conj(r)|).
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { OccurrenceGrads, scatterLcwa, type FusedKernel, type RankingForm, RankingKernel } from './kernel.js';
import { NORM_EPS } from './wasm/kernels.js';

export const rotatERanking: RankingForm = {
  mode: 'cmod',
  complex: true,
  tailQuery(model, h, r, out, off) {
    const d = model.relations.width;
    const E = model.entities.data;
    const R = model.relations.data;
    for (let j = 0; j < d; j++) {
      const c = Math.cos(R[r * d + j]!), s = Math.sin(R[r * d + j]!);
      const hr = E[h * 2 * d + j]!, hi = E[h * 2 * d + d + j]!;
      out[off + j] = hr * c - hi * s;
      out[off + d + j] = hr * s + hi * c;
    }
  },
  headQuery(model, r, t, out, off) {
    const d = model.relations.width;
    const E = model.entities.data;
    const R = model.relations.data;
    for (let j = 0; j < d; j++) {
      const c = Math.cos(R[r * d + j]!), s = Math.sin(R[r * d + j]!);
      const tr = E[t * 2 * d + j]!, ti = E[t * 2 * d + d + j]!;
      out[off + j] = tr * c + ti * s;
      out[off + d + j] = ti * c - tr * s;
    }
  },
};

export class RotatEKernel extends RankingKernel implements FusedKernel {
  readonly name = 'RotatE';
  readonly ranking = rotatERanking;
  private readonly occ = new OccurrenceGrads();

  scoreTriples(model: Model, triples: Int32Array, out: Float32Array): void {
    const d = model.relations.width;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    for (let i = 0; i < m; i++) {
      const h = triples[3 * i]! * 2 * d;
      const r = triples[3 * i + 1]! * d;
      const t = triples[3 * i + 2]! * 2 * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const c = Math.cos(R[r + j]!), sn = Math.sin(R[r + j]!);
        const hr = E[h + j]!, hi = E[h + d + j]!;
        const dr = hr * c - hi * sn - E[t + j]!;
        const di = hr * sn + hi * c - E[t + d + j]!;
        s += Math.sqrt(dr * dr + di * di + NORM_EPS);
      }
      out[i] = -s;
    }
  }

  backward(model: Model, triples: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const d = model.relations.width;
    const w = 2 * d;
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    const { gh, gr, gt } = this.occ.reserve(m, w, d);
    for (let i = 0; i < m; i++) {
      const g = dScores[i]!;
      const h = triples[3 * i]! * w;
      const r = triples[3 * i + 1]! * d;
      const t = triples[3 * i + 2]! * w;
      const o = i * w;
      const ro = i * d;
      for (let j = 0; j < d; j++) {
        const c = Math.cos(R[r + j]!), s = Math.sin(R[r + j]!);
        const hr = E[h + j]!, hi = E[h + d + j]!;
        const dr = hr * c - hi * s - E[t + j]!;
        const di = hr * s + hi * c - E[t + d + j]!;
        const k = -g / Math.sqrt(dr * dr + di * di + NORM_EPS);
        const a = k * dr, b = k * di;
        gh[o + j] = a * c + b * s;
        gh[o + d + j] = -a * s + b * c;
        gt[o + j] = -a;
        gt[o + d + j] = -b;
        gr[ro + j] = a * (-hr * s - hi * c) + b * (hr * c - hi * s);
      }
    }
    this.occ.scatter(triples, grads);
  }


  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const n = model.numEntities;
    const d = model.relations.width;
    const w = 2 * d;
    const E = model.entities.data;
    const R = model.relations.data;
    const b = h.length;
    const gq = new Float64Array(b * w);
    const ge = new Float64Array(n * w);
    const q = new Float32Array(w);
    const gh = new Float64Array(b * w);
    const gr = new Float64Array(b * d);
    for (let i = 0; i < b; i++) {
      this.ranking.tailQuery(model, h[i]!, r[i]!, q, 0);
      const gRow = i * n;
      const qo = i * w;
      for (let e = 0; e < n; e++) {
        const g = dScores[gRow + e]!;
        if (g === 0) continue;
        const x = e * w;
        for (let j = 0; j < d; j++) {
          const dr = q[j]! - E[x + j]!;
          const di = q[d + j]! - E[x + d + j]!;
          const k = -g / Math.sqrt(dr * dr + di * di + NORM_EPS);
          gq[qo + j]! += k * dr;
          gq[qo + d + j]! += k * di;
          ge[x + j]! -= k * dr;
          ge[x + d + j]! -= k * di;
        }
      }
      // Through q = h e^{i theta}: dtheta = -a qi + b qr.
      const rb = r[i]! * d;
      for (let j = 0; j < d; j++) {
        const a = gq[qo + j]!, c2 = gq[qo + d + j]!;
        const c = Math.cos(R[rb + j]!), s = Math.sin(R[rb + j]!);
        gh[qo + j] = a * c + c2 * s;
        gh[qo + d + j] = -a * s + c2 * c;
        gr[i * d + j] = -a * q[d + j]! + c2 * q[j]!;
      }
    }
    scatterLcwa(h, r, gh, gr, ge, grads);
  }
}
