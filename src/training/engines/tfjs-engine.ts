import { tf, type Tensor } from '../../compute/tf.js';
import type { Model } from '../../models/model.js';
import { TfjsScorer } from '../../models/tfjs-scorer.js';
import type { LossFunction, ModelGradients, TrainingEngine } from './engine.js';

/** Splits 3*M triple ids into head, relation and tail id lists. */
export function columns(triples: Int32Array): [Int32Array, Int32Array, Int32Array] {
  const m = triples.length / 3;
  const h = new Int32Array(m);
  const r = new Int32Array(m);
  const t = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    h[i] = triples[3 * i]!;
    r[i] = triples[3 * i + 1]!;
    t[i] = triples[3 * i + 2]!;
  }
  return [h, r, t];
}

/**
 * Reference engine: rows are gathered in JS into dense [M, w] tensors, so the graph holds no
 * gather op (tfjs-cpu's gather gradient is slow and wasm lacks one); autodiff then yields one
 * gradient row per occurrence, which is scattered back into row buffers.
 */
export class TfjsEngine implements TrainingEngine {
  readonly name = 'tfjs' as const;

  slcwaGradients(model: Model, loss: LossFunction, pos: Int32Array, neg: Int32Array, k: number, grads: ModelGradients): number {
    const b = pos.length / 3;
    const all = new Int32Array(pos.length + neg.length);
    all.set(pos);
    all.set(neg, pos.length);
    const [hIds, rIds, tIds] = columns(all);
    const m = hIds.length;
    const we = model.entities.width;
    const wr = model.relations.width;
    const interaction = model.interaction;
    const f = (h: Tensor, r: Tensor, t: Tensor) => {
      const s = interaction.score(h, r, t);
      const posScores = tf.slice(s, [0], [b]);
      const negScores = tf.reshape(tf.slice(s, [b], [b * k]), [b, k]);
      return loss.forwardSlcwa(posScores, negScores) as tf.Scalar;
    };
    const { value, gh, gr, gt } = tf.tidy(() => {
      const h = tf.tensor2d(model.entities.gather(hIds), [m, we]);
      const r = tf.tensor2d(model.relations.gather(rIds), [m, wr]);
      const t = tf.tensor2d(model.entities.gather(tIds), [m, we]);
      const out = tf.valueAndGrads(f)([h, r, t]);
      return { value: out.value, gh: out.grads[0]!, gr: out.grads[1]!, gt: out.grads[2]! };
    });
    const lossValue = value.dataSync()[0]!;
    grads.entities.addRows(hIds, gh.dataSync() as Float32Array);
    grads.entities.addRows(tIds, gt.dataSync() as Float32Array);
    grads.relations.addRows(rIds, gr.dataSync() as Float32Array);
    tf.dispose([value, gh, gr, gt]);
    return lossValue;
  }

  lcwaGradients(model: Model, loss: LossFunction, hIds: Int32Array, rIds: Int32Array, labels: Float32Array, grads: ModelGradients): number {
    const b = hIds.length;
    const n = model.numEntities;
    const we = model.entities.width;
    const wr = model.relations.width;
    const interaction = model.interaction;
    const { value, gh, gr, ge } = tf.tidy(() => {
      const y = tf.tensor2d(labels, [b, n]);
      const f = (h: Tensor, r: Tensor, e: Tensor) =>
        loss.forward(interaction.score(tf.expandDims(h, 1), tf.expandDims(r, 1), tf.expandDims(e, 0)), y) as tf.Scalar;
      const h = tf.tensor2d(model.entities.gather(hIds), [b, we]);
      const r = tf.tensor2d(model.relations.gather(rIds), [b, wr]);
      const e = tf.tensor2d(model.entities.data, [n, we]);
      const out = tf.valueAndGrads(f)([h, r, e]);
      return { value: out.value, gh: out.grads[0]!, gr: out.grads[1]!, ge: out.grads[2]! };
    });
    const lossValue = value.dataSync()[0]!;
    grads.entities.addRows(hIds, gh.dataSync() as Float32Array);
    const geData = ge.dataSync() as Float32Array;
    for (let e = 0; e < n; e++) grads.entities.add(e, geData, e * we);
    grads.relations.addRows(rIds, gr.dataSync() as Float32Array);
    tf.dispose([value, gh, gr, ge]);
    return lossValue;
  }

  scorer(model: Model): TfjsScorer {
    return new TfjsScorer(model);
  }
}
