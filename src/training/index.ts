export { optimizerRegistry, RowAdam, RowAdagrad, RowSGD, type RowOptimizer, type RowOptimizerFactory } from './optimizers/index.js';
export { regularizerRegistry, LpRegularizer, type Regularizer } from './regularizers.js';
export { lrSchedulerRegistry, type LrSchedule } from './lr-schedulers.js';
export { EarlyStopper, NopStopper } from './stopper.js';
export { train, NonFiniteLossError, type TrainerOptions, type TrainingSummary } from './trainer.js';
export { RowGradients } from './row-gradients.js';
export { TfjsEngine } from './engines/tfjs-engine.js';
export type { TrainingEngine, LossFunction, ModelGradients } from './engines/engine.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.js';
