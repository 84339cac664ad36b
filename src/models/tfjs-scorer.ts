import { tf } from '../compute/tf.js';
import type { Scorer } from '../evaluation/scorer.js';
import type { Model } from './model.js';

/** Largest [queries x entities x width] intermediate the scorer builds at once (floats). */
const MAX_BLOCK_FLOATS = 1 << 24;

/**
 * Scores queries against all entities with the interaction's tfjs definition. Entities are
 * processed in slices so that interactions that broadcast to [B, N, w] (TransE, RotatE) stay
 * within a bounded amount of memory.
 */
export class TfjsScorer implements Scorer {
  readonly numEntities: number;
  private readonly entities: tf.Tensor2D;

  constructor(private readonly model: Model) {
    this.numEntities = model.numEntities;
    this.entities = tf.tensor2d(model.entities.data, [model.numEntities, model.entities.width]);
  }

  scoreTails(h: Int32Array, r: Int32Array, out: Float32Array): void {
    this.score(h, r, 'tail', out);
  }

  scoreHeads(r: Int32Array, t: Int32Array, out: Float32Array): void {
    this.score(t, r, 'head', out);
  }

  dispose(): void {
    this.entities.dispose();
  }

  private score(fixed: Int32Array, rel: Int32Array, side: 'head' | 'tail', out: Float32Array): void {
    const { model } = this;
    const b = fixed.length;
    const n = this.numEntities;
    const we = model.entities.width;
    const slice = Math.max(1, Math.min(n, Math.floor(MAX_BLOCK_FLOATS / Math.max(1, b * we))));
    const fixedRows = tf.tensor3d(model.entities.gather(fixed), [b, 1, we]);
    const relRows = tf.tensor3d(model.relations.gather(rel), [b, 1, model.relations.width]);
    try {
      for (let start = 0; start < n; start += slice) {
        const size = Math.min(slice, n - start);
        const block = tf.tidy(() => {
          const cand = tf.expandDims(tf.slice(this.entities, [start, 0], [size, we]), 0);
          return side === 'tail'
            ? model.interaction.score(fixedRows, relRows, cand)
            : model.interaction.score(cand, relRows, fixedRows);
        });
        const values = block.dataSync();
        block.dispose();
        for (let i = 0; i < b; i++) out.set(values.subarray(i * size, (i + 1) * size), i * n + start);
      }
    } finally {
      tf.dispose([fixedRows, relRows]);
    }
  }
}
