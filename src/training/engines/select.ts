import type { Model } from '../../models/model.js';
import type { Engine } from '../../pipeline/types.js';
import type { TrainingEngine } from './engine.js';
import { TfjsEngine } from './tfjs-engine.js';
export function selectEngine(_requested: Engine, _backend: string, _model: Model, _numWorkers: number): TrainingEngine {
  return new TfjsEngine();
}
