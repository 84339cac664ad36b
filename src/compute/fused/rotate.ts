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
import { planLcwa, SlotPlan, type FusedKernel, type RankingForm } from './kernel.js';
import { scoreAllJs } from './ranking-js.js';
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

export class RotatEKernel implements FusedKernel {
  readonly name = 'RotatE';
  readonly ranking = rotatERanking;
  private readonly slots = new SlotPlan();

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
    const E = model.entities.data;
    const R = model.relations.data;
    const m = triples.length / 3;
    const { ent, rel } = this.slots.plan(triples, grads);
    const { h: hOff, r: rOff, t: tOff } = this.slots;
    for (let i = 0; i < m; i++) {
      const g = dScores[i]!;
      if (g === 0) continue;
      const h = triples[3 * i]! * 2 * d;
      const r = triples[3 * i + 1]! * d;
      const t = triples[3 * i + 2]! * 2 * d;
      const gh = hOff[i]!;
      const gr = rOff[i]!;
      const gt = tOff[i]!;
      for (let j = 0; j < d; j++) {
        const c = Math.cos(R[r + j]!), s = Math.sin(R[r + j]!);
        const hr = E[h + j]!, hi = E[h + d + j]!;
        const dr = hr * c - hi * s - E[t + j]!;
        const di = hr * s + hi * c - E[t + d + j]!;
        const k = -g / Math.sqrt(dr * dr + di * di + NORM_EPS);
        const a = k * dr, b = k * di;
        ent[gh + j]! += a * c + b * s;
        ent[gh + d + j]! += -a * s + b * c;
        ent[gt + j]! -= a;
        ent[gt + d + j]! -= b;
        rel[gr + j]! += a * (-hr * s - hi * c) + b * (hr * c - hi * s);
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
    const d = model.relations.width;
    const w = 2 * d;
    const E = model.entities.data;
    const R = model.relations.data;
    const { hOff, eOff, rOff } = planLcwa(h, r, n, grads);
    const ent = grads.entities.values;
    const rel = grads.relations.values;
    const q = new Float32Array(w);
    const gq = new Float64Array(w);
    for (let i = 0; i < h.length; i++) {
      this.ranking.tailQuery(model, h[i]!, r[i]!, q, 0);
      gq.fill(0);
      const gRow = i * n;
      for (let e = 0; e < n; e++) {
        const g = dScores[gRow + e]!;
        if (g === 0) continue;
        const x = e * w;
        const ge = eOff[e]!;
        for (let j = 0; j < d; j++) {
          const dr = q[j]! - E[x + j]!;
          const di = q[d + j]! - E[x + d + j]!;
          const k = -g / Math.sqrt(dr * dr + di * di + NORM_EPS);
          gq[j]! += k * dr;
          gq[d + j]! += k * di;
          ent[ge + j]! -= k * dr;
          ent[ge + d + j]! -= k * di;
        }
      }
      const hb = h[i]! * w;
      const rb = r[i]! * d;
      const gh = hOff[i]!;
      const gr = rOff[i]!;
      for (let j = 0; j < d; j++) {
        const a = gq[j]!, b = gq[d + j]!;
        const c = Math.cos(R[rb + j]!), s = Math.sin(R[rb + j]!);
        ent[gh + j]! += a * c + b * s;
        ent[gh + d + j]! += -a * s + b * c;
        rel[gr + j]! += -a * q[d + j]! + b * q[j]!;
      }
    }
  }
}
