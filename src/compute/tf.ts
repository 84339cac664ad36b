/**
 * The single tfjs-core instance the whole library uses. Importing the CPU backend here makes
 * `tf` usable without any set-up (tests, scripts); `initBackend` picks the best one for a run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build does not register op gradients, and its ESM build cannot be loaded by
// Node directly; the @tensorflow/tfjs bundle registers them on the shared tfjs-core (deduped).
import '@tensorflow/tfjs';

// PROD silences tfjs's console banner about installing tfjs-node; kge reports the backend itself.
tf.env().set('PROD', true);

export { tf };
export type Tensor = tf.Tensor;
