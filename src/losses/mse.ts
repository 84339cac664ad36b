import { tf } from '../compute/tf.js';
import { PointwiseLoss } from './pointwise.js';

/** Squared error (s - y)^2 (PyTorch's mse_loss, which PyKEEN uses; no factor 1/2). */
export class MSELoss extends PointwiseLoss {
  elementwise(scores: tf.Tensor, labels: tf.Tensor): tf.Tensor {
    return tf.squaredDifference(scores, labels);
  }
}
