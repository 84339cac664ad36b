import { expect } from 'vitest';
import { tf } from '../../src/compute/tf.js';

export { tf };

// Plain float64 reference math, straight from the definitions.
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const softplus = (x: number) => Math.log(1 + Math.exp(x));
export const relu = (x: number) => Math.max(0, x);
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const reduce = (xs: number[], r: 'mean' | 'sum') => (r === 'mean' ? mean(xs) : sum(xs));
export const bce = (s: number, y: number) => -(y * Math.log(sigmoid(s)) + (1 - y) * Math.log(1 - sigmoid(s)));
export const softmax = (xs: number[]) => {
  const e = xs.map(Math.exp);
  const z = sum(e);
  return e.map((v) => v / z);
};

/** Evaluates f on fresh tensors and returns the number, disposing everything. */
export function value(f: () => tf.Tensor): number {
  return tf.tidy(() => f().dataSync()[0]);
}

/** Relative-or-absolute closeness, for float32 results against float64 references. */
export function expectClose(actual: number, expected: number, tol = 1e-5): void {
  const err = Math.abs(actual - expected);
  const scale = Math.max(1, Math.abs(expected));
  if (!(err <= tol * scale)) {
    throw new Error(`expected ${actual} to be close to ${expected} (|diff| ${err} > ${tol * scale})`);
  }
  expect(err).toBeLessThanOrEqual(tol * scale);
}

export function expectAllClose(actual: ArrayLike<number>, expected: number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], tol);
}

// Shared small inputs. LCWA: 2 rows x 3 entities; sLCWA: 2 positives with 3 negatives each.
export const S = [
  [2, -1, 0.5],
  [-0.3, 1.5, -2],
];
export const Y = [
  [1, 0, 0],
  [0, 1, 1],
];
export const POS = [1.2, -0.4];
export const NEG = [
  [0.3, -1.1, 2.0],
  [0.7, -0.2, -1.5],
];

export const lcwa = () => ({ scores: tf.tensor2d(S), labels: tf.tensor2d(Y) });
export const slcwa = () => ({ pos: tf.tensor1d(POS), neg: tf.tensor2d(NEG) });
