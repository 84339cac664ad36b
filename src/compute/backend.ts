import { tf } from './tf.js';
import { patchCpuKernels, patchWasmKernels } from './kernel-patches.js';
import { ConfigError } from '../errors.js';
import type { Device } from '../pipeline/types.js';

export interface BackendInfo {
  /** tfjs backend name: tensorflow (native, CPU or GPU), cpu, wasm. */
  backend: string;
  /** What the user asked for. */
  requested: Device;
  /** One line for logs and metrics.json. */
  description: string;
}

/** Loads a native binding by a name TypeScript does not resolve, since it is optional. */
async function tryImport(name: string): Promise<string | null> {
  try {
    await import(name);
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'failed to load';
  }
}

/**
 * Selects the tfjs backend. `auto` prefers the native GPU binding, then the native CPU binding,
 * then the pure-JS cpu backend; an explicit `gpu` that cannot load is an error, never a silent
 * CPU run.
 */
export async function initBackend(device: Device): Promise<BackendInfo> {
  const notes: string[] = [];
  if (device === 'gpu' || device === 'auto') {
    const err = await tryImport('@tensorflow/tfjs-node-gpu');
    if (err === null && (await tf.setBackend('tensorflow'))) {
      return { backend: 'tensorflow', requested: device, description: 'tensorflow (native, @tensorflow/tfjs-node-gpu)' };
    }
    if (device === 'gpu') {
      throw new ConfigError(
        `device 'gpu' needs @tensorflow/tfjs-node-gpu, which could not be loaded (${err}). Install it (npm install @tensorflow/tfjs-node-gpu) on a machine with CUDA, or set device: cpu`,
        'device',
      );
    }
    notes.push('tfjs-node-gpu not installed');
    const errCpu = await tryImport('@tensorflow/tfjs-node');
    if (errCpu === null && (await tf.setBackend('tensorflow'))) {
      return { backend: 'tensorflow', requested: device, description: 'tensorflow (native CPU, @tensorflow/tfjs-node)' };
    }
    notes.push('tfjs-node not installed');
  }
  if (device === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    patchWasmKernels();
    if (!(await tf.setBackend('wasm'))) throw new ConfigError('the wasm backend failed to initialize', 'device');
    return { backend: 'wasm', requested: device, description: 'wasm (@tensorflow/tfjs-backend-wasm, single thread)' };
  }
  if (device !== 'cpu' && device !== 'auto') throw new ConfigError(`unknown device '${device}'; choose one of: auto, gpu, cpu, wasm`, 'device');
  patchCpuKernels();
  await tf.setBackend('cpu');
  await tf.ready();
  const why = notes.length ? ` (${notes.join(', ')})` : '';
  return { backend: 'cpu', requested: device, description: `cpu (pure JS @tensorflow/tfjs-backend-cpu)${why}` };
}
