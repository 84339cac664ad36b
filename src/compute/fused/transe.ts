/**
 * TransE: f = -||h + r - t||_p. Gradients (d = h + r - t, g = dLoss/df):
 *   L1: dd = -g * sign(d)            L2: dd = -g * d / sqrt(|d|^2 + 1e-12)
 *   dh = dd, dr = dd, dt = -dd.
 * For L1 the residual is rounded like tfjs's float32 ops (fround(fround(h + r) - t)), so the
 * sign, and with it the gradient, matches the reference exactly even when d is near 0. At
 * d = 0 exactly, |d| has no derivative; tfjs takes step(d, -1) = -1 there (PyTorch takes 0),
 * and so does this kernel, to stay equal to the reference engine.
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { planLcwa, SlotPlan, type FusedKernel, type RankingForm } from './kernel.js';
import { scoreAllJs } from './ranking-js.js';
import { NORM_EPS } from './wasm/kernels.js';

const fround = Math.fround;

export class TransEKernel implements FusedKernel {
  readonly name: string;
  readonly ranking: RankingForm;
  private readonly slots = new SlotPlan();

  constructor(readonly p: 1 | 2) {
    this.name = `TransE-L${p}`;
    this.ranking = {
      mode: p === 1 ? 'l1' : 'l2',
      complex: false,
      // (h, r, ?): q = h + r, f(e) = -||q - e||; (?, r, t): q = t - r, f(e) = -||e - q||.
      tailQuery(model, h, r, out, off) {
        const w = model.entities.width;
        const E = model.entities.data;
        const R = model.relations.data;
        for (let j = 0; j < w; j++) out[off + j] = E[h * w + j]! + R[r * w + j]!;
      },
      headQuery(model, r, t, out, off) {
        const w = model.entities.width;
        const E = model.entities.data;
        const R = model.relations.data;
        for (let j = 0; j < w; j++) out[off + j] = E[t * w + j]! - R[r * w + j]!;
      },
    };
  }

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
      if (this.p === 1) {
        for (let j = 0; j < w; j++) s += Math.abs(E[h + j]! + R[r + j]! - E[t + j]!);
        out[i] = -s;
      } else {
        for (let j = 0; j < w; j++) {
          const d = E[h + j]! + R[r + j]! - E[t + j]!;
          s += d * d;
        }
        out[i] = -Math.sqrt(s + NORM_EPS);
      }
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
      if (this.p === 1) {
        for (let j = 0; j < w; j++) {
          const d = fround(fround(E[h + j]! + R[r + j]!) - E[t + j]!);
          const dd = d > 0 ? -g : g;
          ent[gh + j]! += dd;
          rel[gr + j]! += dd;
          ent[gt + j]! -= dd;
        }
      } else {
        let s = 0;
        for (let j = 0; j < w; j++) {
          const d = E[h + j]! + R[r + j]! - E[t + j]!;
          s += d * d;
        }
        const scale = -g / Math.sqrt(s + NORM_EPS);
        for (let j = 0; j < w; j++) {
          const dd = scale * (E[h + j]! + R[r + j]! - E[t + j]!);
          ent[gh + j]! += dd;
          rel[gr + j]! += dd;
          ent[gt + j]! -= dd;
        }
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
    const { hOff, eOff, rOff } = planLcwa(h, r, n, grads);
    const ent = grads.entities.values;
    const rel = grads.relations.values;
    const q = new Float32Array(w); // fround(h + r), as tfjs forms it
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
        if (this.p === 1) {
          for (let j = 0; j < w; j++) {
            const d = fround(q[j]! - E[x + j]!);
            const dd = d > 0 ? -g : g;
            gq[j]! += dd;
            ent[ge + j]! -= dd;
          }
        } else {
          let s = 0;
          for (let j = 0; j < w; j++) {
            const d = q[j]! - E[x + j]!;
            s += d * d;
          }
          const scale = -g / Math.sqrt(s + NORM_EPS);
          for (let j = 0; j < w; j++) {
            const dd = scale * (q[j]! - E[x + j]!);
            gq[j]! += dd;
            ent[ge + j]! -= dd;
          }
        }
      }
      const gh = hOff[i]!;
      const gr = rOff[i]!;
      for (let j = 0; j < w; j++) {
        ent[gh + j]! += gq[j]!;
        rel[gr + j]! += gq[j]!;
      }
    }
  }
}
