/**
 * Row-wise optimizers whose state lives on SharedArrayBuffers, for Hogwild training: every
 * worker thread updates the same moments / accumulators in place, and the Adam step count is
 * one shared counter per table (Atomics.add), so bias correction follows the total number of
 * steps applied to the table, as with one thread.
 *
 * The updates are the single-thread optimizers' own functions (sgdUpdate, adagradUpdate,
 * adamUpdate) over shared buffers, so one worker reproduces the single-thread trainer exactly.
 */
import { ConfigError } from '../../errors.js';
import { optimizerRegistry, type RowOptimizer } from '../optimizers/index.js';
import { sgdUpdate } from '../optimizers/sgd.js';
import { adagradUpdate } from '../optimizers/adagrad.js';
import { adamUpdate } from '../optimizers/adam.js';
import type { RowGradients } from '../row-gradients.js';

/** What crosses to a worker: hyperparameters and shared buffers (plain data only). */
export interface SharedOptimizerState {
  kind: 'sgd' | 'adagrad' | 'adam';
  hyper: Record<string, number>;
  /** Named float buffers over SharedArrayBuffers (m, v for Adam; sum_sq for Adagrad). */
  buffers: Record<string, SharedArrayBuffer>;
  /** Int32Array(1) over a SharedArrayBuffer: Adam's step count. */
  counter: SharedArrayBuffer;
}

/** The registry's defaults merged with the given kwargs (validated by the registry itself). */
function hyperparameters(name: string, kwargs: Record<string, unknown>): { kind: SharedOptimizerState['kind']; hyper: Record<string, number> } {
  optimizerRegistry.create(name, kwargs, undefined, 'optimizer'); // throws with the key on bad values
  const entry = optimizerRegistry.get(name, 'optimizer');
  const value = (key: string) => (kwargs[key] !== undefined ? kwargs[key] : (entry.params ?? []).find((p) => p.name === key)?.default);
  const kind = entry.name as SharedOptimizerState['kind'];
  if (kind === 'adam') {
    const [b1, b2] = value('betas') as number[];
    return { kind, hyper: { beta1: b1!, beta2: b2!, eps: value('eps') as number } };
  }
  if (kind === 'adagrad') return { kind, hyper: { eps: value('eps') as number } };
  if (kind === 'sgd') return { kind, hyper: {} };
  throw new ConfigError(`optimizer '${name}' has no shared-memory form for multi-worker training; use adam, adagrad or sgd, or num_workers: 1`, 'optimizer');
}

/**
 * Moves an optimizer's current state onto shared buffers (copying it, so a resumed run keeps
 * its moments). `numRows * width` floats per buffer.
 */
export function shareOptimizerState(name: string, kwargs: Record<string, unknown>, opt: RowOptimizer, numRows: number, width: number): SharedOptimizerState {
  const { kind, hyper } = hyperparameters(name, kwargs);
  const state = opt.state();
  const buffers: Record<string, SharedArrayBuffer> = {};
  const names = kind === 'adam' ? ['m', 'v'] : kind === 'adagrad' ? ['sum_sq'] : [];
  for (const key of names) {
    const sab = new SharedArrayBuffer(numRows * width * 4);
    const src = state[key];
    if (!(src instanceof Float32Array) || src.length !== numRows * width) {
      throw new ConfigError(`optimizer state '${key}' has an unexpected shape`, 'optimizer');
    }
    new Float32Array(sab).set(src);
    buffers[key] = sab;
  }
  const counter = new SharedArrayBuffer(4);
  new Int32Array(counter)[0] = typeof state.t === 'number' ? state.t : 0;
  return { kind, hyper, buffers, counter };
}

/** Writes shared state back into the trainer's optimizer (for checkpoints and later runs). */
export function unshareOptimizerState(shared: SharedOptimizerState, opt: RowOptimizer): void {
  const s: Record<string, Float32Array | number> = {};
  for (const [key, sab] of Object.entries(shared.buffers)) s[key] = new Float32Array(sab);
  if (shared.kind === 'adam') s.t = Atomics.load(new Int32Array(shared.counter), 0);
  opt.loadState(s);
}

export interface SharedRowOptimizer {
  step(params: Float32Array, grads: RowGradients, lr: number): void;
}

export function sharedOptimizer(s: SharedOptimizerState): SharedRowOptimizer {
  const f = (key: string) => new Float32Array(s.buffers[key]!);
  if (s.kind === 'sgd') return { step: (params, grads, lr) => sgdUpdate(params, grads, lr) };
  if (s.kind === 'adagrad') {
    const sumSq = f('sum_sq');
    const eps = s.hyper.eps!;
    return { step: (params, grads, lr) => adagradUpdate(params, grads, sumSq, lr, eps) };
  }
  const counter = new Int32Array(s.counter);
  const m = f('m');
  const v = f('v');
  const { beta1, beta2, eps } = s.hyper as { beta1: number; beta2: number; eps: number };
  // One step count per table across all threads, so bias correction matches one thread.
  return { step: (params, grads, lr) => adamUpdate(params, grads, m, v, Atomics.add(counter, 0, 1) + 1, lr, beta1, beta2, eps) };
}
