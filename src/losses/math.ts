import { tf } from '../compute/tf.js';

/**
 * Numerically stable building blocks shared by the losses. Every log of a probability is taken
 * in log-sigmoid / softplus form, never as log(sigmoid(x)), so scores of +-1000 give finite
 * values and gradients. (tfjs's softplus on the cpu backend switches to x / exp(x) in the tails;
 * test/losses/stability.test.ts holds that.)
 */

export type Activation = (x: tf.Tensor) => tf.Tensor;

/** log(1 + exp(x)). */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.softplus(x);
}

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.neg(tf.softplus(tf.neg(x)));
}

export const MARGIN_ACTIVATIONS = ['relu', 'softplus'] as const;
export type MarginActivationName = (typeof MARGIN_ACTIVATIONS)[number];

export function marginActivation(name: MarginActivationName): Activation {
  return name === 'relu' ? (x) => tf.relu(x) : softplus;
}

// Identity forward, zero backward: tfjs has no stopGradient op, so a custom gradient provides one.
const stop = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

/** `x`, with no gradient flowing back through it (PyTorch's `detach`). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}

/**
 * Binary cross entropy on logits for targets y in [0, 1]:
 * -(w y log s(x) + (1 - y) log(1 - s(x))) = w y softplus(-x) + (1 - y) softplus(x),
 * with w the positive-class weight (PyTorch's `pos_weight`).
 */
export function bceWithLogits(x: tf.Tensor, y: tf.Tensor, posWeight = 1): tf.Tensor {
  const posTerm = tf.mul(y, softplus(tf.neg(x)));
  const negTerm = tf.mul(tf.sub(1, y), softplus(x));
  return tf.add(posWeight === 1 ? posTerm : tf.mul(posWeight, posTerm), negTerm);
}

/** log(exp(a) + exp(b)), exact when one side is -Infinity (its gradient is then 0, not NaN). */
export function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const m = tf.maximum(a, b);
  return tf.add(m, tf.log1p(tf.exp(tf.neg(tf.abs(tf.sub(a, b))))));
}

/**
 * log(1 - p_t) with p = sigmoid(x), p_t = y p + (1 - y)(1 - p), for targets y in [0, 1].
 * 1 - p_t = y sigmoid(-x) + (1 - y) sigmoid(x), so in log space it is
 * logaddexp(log y + logsigmoid(-x), log(1 - y) + logsigmoid(x)). For hard labels one side is
 * log 0 = -Infinity and the result is logsigmoid(-x) (y = 1) or logsigmoid(x) (y = 0).
 */
export function logOneMinusPt(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const a = tf.add(tf.log(y), logSigmoid(tf.neg(x)));
  const b = tf.add(tf.log(tf.sub(1, y)), logSigmoid(x));
  return logAddExp(a, b);
}

/**
 * PyKEEN's label smoothing: y (1 - eps) + (1 - y) eps / (numClasses - 1). The mass taken from a
 * true label is spread over the other numClasses - 1 classes.
 */
export function smoothLabels(y: tf.Tensor, epsilon: number, numClasses: number): tf.Tensor {
  if (!epsilon) return y;
  const off = epsilon / (numClasses - 1);
  return tf.add(tf.mul(y, 1 - epsilon - off), off);
}

/** Scalar form of smoothLabels for a hard label. */
export function smoothLabel(y: 0 | 1, epsilon: number, numClasses: number): number {
  if (!epsilon) return y;
  return y === 1 ? 1 - epsilon : epsilon / (numClasses - 1);
}
