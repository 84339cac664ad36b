/**
 * The single tfjs-core instance the whole library uses. Importing the CPU backend here makes
 * `tf` usable without any set-up (tests, scripts); `initBackend` picks the best one for a run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export { tf };
export type Tensor = tf.Tensor;
