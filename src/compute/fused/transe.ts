/**
 * TransE: f = -||h + r - t||_p. Gradients (d = h + r - t, g = dLoss/df):
 *   L1: dd = -g * sign(d)            L2: dd = -g * d / sqrt(|d|^2 + 1e-12)
 *   dh = dd, dr = dd, dt = -dd.
 * L1 follows tfjs's float32 arithmetic exactly: the residual is rounded like its ops
 * (fround(fround(h + r) - t)), sums run in double and round once, and at d = 0 (where |d| has
 * no derivative) the sign is taken as -1, tfjs's step(d, -1); PyTorch would take 0. L1
 * gradients are sums of +-g, so exact cancellations are common, and only bit-equal sums keep
 * Adam (which turns a 1e-9 residue into a full step) on the reference engine's path.
 */
import type { Model } from '../../models/model.js';
import type { ModelGradients } from '../../training/engines/engine.js';
import { OccurrenceGrads, scatterLcwa, type FusedKernel, type RankingForm, RankingKernel } from './kernel.js';
import { NORM_EPS } from './wasm/kernels.js';

const fround = Math.fround;

export class TransEKernel extends RankingKernel implements FusedKernel {
  readonly name: string;
  readonly ranking: RankingForm;
  private readonly occ = new OccurrenceGrads();

  constructor(readonly p: 1 | 2) {
    super();
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
        for (let j = 0; j < w; j++) s += Math.abs(fround(fround(E[h + j]! + R[r + j]!) - E[t + j]!));
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
    // dh = dr = dd and dt = -dd: one row per occurrence, scattered with signs.
    const { gh } = this.occ.reserve(m, w, 0);
    for (let i = 0; i < m; i++) {
      const g = dScores[i]!;
      const gm2 = -2 * g;
      const h = triples[3 * i]! * w;
      const r = triples[3 * i + 1]! * w;
      const t = triples[3 * i + 2]! * w;
      const o = i * w;
      if (this.p === 1) {
        for (let j = 0; j < w; j++) {
          // -g where d > 0, else g; arithmetic rather than a branch the CPU would mispredict.
          gh[o + j] = g + gm2 * +(fround(fround(E[h + j]! + R[r + j]!) - E[t + j]!) > 0);
        }
      } else {
        let s = 0;
        for (let j = 0; j < w; j++) {
          const d = E[h + j]! + R[r + j]! - E[t + j]!;
          s += d * d;
        }
        const scale = -g / Math.sqrt(s + NORM_EPS);
        for (let j = 0; j < w; j++) gh[o + j] = scale * (E[h + j]! + R[r + j]! - E[t + j]!);
      }
    }
    this.occ.scatterTied(triples, grads);
  }


  backwardTails(model: Model, h: Int32Array, r: Int32Array, dScores: Float32Array, grads: ModelGradients): void {
    const n = model.numEntities;
    const w = model.entities.width;
    const E = model.entities.data;
    const b = h.length;
    const gq = new Float64Array(b * w);
    const ge = new Float64Array(n * w);
    const q = new Float32Array(w); // fround(h + r), as tfjs forms it
    for (let i = 0; i < b; i++) {
      this.ranking.tailQuery(model, h[i]!, r[i]!, q, 0);
      const gRow = i * n;
      const qo = i * w;
      for (let e = 0; e < n; e++) {
        const g = dScores[gRow + e]!;
        if (g === 0) continue;
        const gm2 = -2 * g;
        const x = e * w;
        if (this.p === 1) {
          for (let j = 0; j < w; j++) {
            const dd = g + gm2 * +(fround(q[j]! - E[x + j]!) > 0);
            gq[qo + j]! += dd;
            ge[x + j]! -= dd;
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
            gq[qo + j]! += dd;
            ge[x + j]! -= dd;
          }
        }
      }
    }
    // dh = dr = dq (h + r passes the gradient through unchanged).
    scatterLcwa(h, r, gq, gq, ge, grads);
  }
}
