import type { Registry } from '../registry.js';
import { modelRegistry } from '../models/model.js';
import { initializerRegistry } from '../models/initializers.js';
import { constraintRegistry } from '../models/constraints.js';
import { lossRegistry } from '../losses/index.js';
import { optimizerRegistry } from '../training/optimizers/index.js';
import { regularizerRegistry } from '../training/regularizers.js';
import { lrSchedulerRegistry } from '../training/lr-schedulers.js';
import { samplerRegistry } from '../sampling/index.js';
import { stopperRegistry } from '../training/stopper.js';

/** Every component family, with the config key that selects it (for `kge ls` and docs/config.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMPONENT_REGISTRIES: Record<string, { key: string; registry: Registry<any, any> }> = {
  models: { key: 'model', registry: modelRegistry },
  losses: { key: 'loss', registry: lossRegistry },
  optimizers: { key: 'optimizer', registry: optimizerRegistry },
  samplers: { key: 'negative_sampler', registry: samplerRegistry },
  regularizers: { key: 'regularizer', registry: regularizerRegistry },
  stoppers: { key: 'stopper', registry: stopperRegistry },
  lr_schedulers: { key: 'lr_scheduler', registry: lrSchedulerRegistry },
  initializers: { key: 'model_kwargs.entity_initializer / relation_initializer', registry: initializerRegistry },
  constraints: { key: 'model_kwargs.entity_constrainer / relation_constrainer', registry: constraintRegistry },
};
