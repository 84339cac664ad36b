import type { Tensor } from '../../compute/tf.js';
import type { Model } from '../../models/model.js';
import type { Scorer } from '../../evaluation/scorer.js';
import type { RowGradients } from '../row-gradients.js';

/** What a training engine needs from a loss: the two entry points of `Loss`. */
export interface LossFunction {
  forward(scores: Tensor, labels: Tensor): Tensor;
  forwardSlcwa(posScores: Tensor, negScores: Tensor): Tensor;
}

export interface ModelGradients {
  entities: RowGradients;
  relations: RowGradients;
}

/**
 * Computes a batch's loss and accumulates parameter gradients into row buffers. The tfjs
 * engine differentiates interaction and loss together with autodiff; the fused engine scores
 * in plain JS, takes d loss / d scores from tfjs, and back-propagates by hand.
 */
export interface TrainingEngine {
  readonly name: 'tfjs' | 'fused';
  /** pos: 3*B ids; neg: 3*B*k ids (row i*k+j corrupts positive i). Returns the loss value. */
  slcwaGradients(model: Model, loss: LossFunction, pos: Int32Array, neg: Int32Array, k: number, grads: ModelGradients): number;
  /** Queries (heads[i], relations[i], ?); labels: B*numEntities 0/1 targets for the tails. Returns the loss value. */
  lcwaGradients(model: Model, loss: LossFunction, heads: Int32Array, relations: Int32Array, labels: Float32Array, grads: ModelGradients): number;
  /** A scorer for evaluation; call dispose() when done. */
  scorer(model: Model): Scorer & { dispose(): void };
  /** Releases worker threads and buffers the engine holds. */
  dispose?(): void;
}
