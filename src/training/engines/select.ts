import { ConfigError } from '../../errors.js';
import type { Model } from '../../models/model.js';
import type { Engine } from '../../pipeline/types.js';
import type { TrainingEngine } from './engine.js';
import { TfjsEngine } from './tfjs-engine.js';
import { FusedEngine } from './fused-engine.js';
import { fusedKernelFor } from '../../compute/fused/index.js';

/**
 * `auto` takes the fused CPU kernels when tfjs runs on a CPU backend (cpu, wasm) and the
 * interaction has one; on the native backends (GPU) the tfjs definition is the fast path.
 */
export function selectEngine(requested: Engine, backend: string, model: Model, numWorkers: number): TrainingEngine {
  const kernel = fusedKernelFor(model.interaction);
  if (requested === 'tfjs') return new TfjsEngine();
  if (requested === 'fused') {
    if (!kernel) throw new ConfigError(`no fused CPU kernel for ${model.name}; use engine: tfjs or auto`, 'engine');
    return new FusedEngine(kernel, { numWorkers });
  }
  if (kernel && (backend === 'cpu' || backend === 'wasm')) return new FusedEngine(kernel, { numWorkers });
  return new TfjsEngine();
}
