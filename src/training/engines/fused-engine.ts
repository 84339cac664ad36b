import { tf } from '../../compute/tf.js';
import type { Model } from '../../models/model.js';
import type { FusedKernel } from '../../compute/fused/kernel.js';
import { FusedScorer } from '../../compute/fused/scorer.js';
import type { LossFunction, ModelGradients, TrainingEngine } from './engine.js';

export interface FusedEngineOptions {
  /** Threads for all-entity scoring (evaluation and the LCWA forward pass); default 1. */
  numWorkers?: number;
  /** Use the WebAssembly SIMD ranking kernels when available; default true. */
  simd?: boolean;
}

/**
 * d loss / d scores for sLCWA, from the loss's own tfjs definition on small [B] and [B, k]
 * tensors, so every loss works here without a hand-written gradient.
 */
export function slcwaScoreGradients(loss: LossFunction, pos: Float32Array, neg: Float32Array, b: number, k: number): { value: number; dPos: Float32Array; dNeg: Float32Array } {
  const [value, gp, gn] = tf.tidy(() => {
    const f = (p: tf.Tensor, n: tf.Tensor) => loss.forwardSlcwa(p, n) as tf.Scalar;
    const out = tf.valueAndGrads(f)([tf.tensor1d(pos), tf.tensor2d(neg, [b, k])]);
    return [out.value, out.grads[0]!, out.grads[1]!];
  });
  try {
    return { value: value.dataSync()[0]!, dPos: gp.dataSync() as Float32Array, dNeg: gn.dataSync() as Float32Array };
  } finally {
    tf.dispose([value, gp, gn]);
  }
}

/** d loss / d scores for LCWA: scores and labels are B x N. */
export function lcwaScoreGradients(loss: LossFunction, scores: Float32Array, labels: Float32Array, b: number, n: number): { value: number; dScores: Float32Array } {
  const [value, g] = tf.tidy(() => {
    const y = tf.tensor2d(labels, [b, n]);
    const f = (s: tf.Tensor) => loss.forward(s, y) as tf.Scalar;
    const out = tf.valueAndGrads(f)([tf.tensor2d(scores, [b, n])]);
    return [out.value, out.grads[0]!];
  });
  try {
    return { value: value.dataSync()[0]!, dScores: g.dataSync() as Float32Array };
  } finally {
    tf.dispose([value, g]);
  }
}

/**
 * The CPU engine: scores and gradients computed directly over the embedding rows by a fused
 * kernel (src/compute/fused), with only d loss / d scores taken from tfjs. sLCWA touches just
 * the batch's rows; LCWA scores every entity with the SIMD scorer and back-propagates densely,
 * as the tfjs engine does.
 */
export class FusedEngine implements TrainingEngine {
  readonly name = 'fused' as const;
  readonly numWorkers: number;
  private readonly simd: boolean;
  private lcwa: { model: Model; scorer: FusedScorer } | null = null;

  constructor(readonly kernel: FusedKernel, options: FusedEngineOptions = {}) {
    this.numWorkers = Math.max(1, Math.floor(options.numWorkers ?? 1));
    this.simd = options.simd ?? true;
  }

  slcwaGradients(model: Model, loss: LossFunction, pos: Int32Array, neg: Int32Array, k: number, grads: ModelGradients): number {
    const b = pos.length / 3;
    const posScores = new Float32Array(b);
    const negScores = new Float32Array(b * k);
    this.kernel.scoreTriples(model, pos, posScores);
    this.kernel.scoreTriples(model, neg, negScores);
    const { value, dPos, dNeg } = slcwaScoreGradients(loss, posScores, negScores, b, k);
    // One backward over [pos; neg], so gradient rows are summed in the tfjs engine's order.
    const all = new Int32Array(pos.length + neg.length);
    all.set(pos);
    all.set(neg, pos.length);
    const dAll = new Float32Array(b + b * k);
    dAll.set(dPos);
    dAll.set(dNeg, b);
    this.kernel.backward(model, all, dAll, grads);
    return value;
  }

  lcwaGradients(model: Model, loss: LossFunction, h: Int32Array, r: Int32Array, labels: Float32Array, grads: ModelGradients): number {
    const b = h.length;
    const n = model.numEntities;
    const scores = new Float32Array(b * n);
    // L1 scores come from the blocked JS path, which rounds like tfjs: L1 gradients cancel
    // exactly, and only bit-equal scores keep the two engines' updates equal (see transe.ts).
    if (this.kernel.ranking.mode === 'l1') this.kernel.scoreTails(model, h, r, scores);
    else this.lcwaScorer(model).scoreTails(h, r, scores);
    const { value, dScores } = lcwaScoreGradients(loss, scores, labels, b, n);
    this.kernel.backwardTails(model, h, r, dScores, grads);
    return value;
  }

  scorer(model: Model): FusedScorer {
    return new FusedScorer(this.kernel, model, { numWorkers: this.numWorkers, simd: this.simd });
  }

  /** Releases the LCWA scorer's memory and threads (a later LCWA step makes a new one). */
  dispose(): void {
    this.lcwa?.scorer.dispose();
    this.lcwa = null;
  }

  private lcwaScorer(model: Model): FusedScorer {
    if (this.lcwa?.model !== model) {
      this.lcwa?.scorer.dispose();
      this.lcwa = { model, scorer: this.scorer(model) };
    } else {
      this.lcwa.scorer.sync();
    }
    return this.lcwa.scorer;
  }
}
