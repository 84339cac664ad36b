/** Shapes of the pipeline's input (a config) and output (a result). Keys mirror PyKEEN's pipeline(). */

export type Device = 'auto' | 'gpu' | 'cpu' | 'wasm';
export type Engine = 'auto' | 'tfjs' | 'fused';

export interface DatasetFiles {
  name?: string;
  train: string;
  /** Split the train file by these ratios instead of reading valid/test files. */
  split?: number[];
  valid?: string;
  test?: string;
  delimiter?: string;
  columns?: string[];
}

export interface PipelineConfig {
  seed: number;
  device: Device;
  engine: Engine;
  dataset: string | DatasetFiles;
  dataset_kwargs: { create_inverse_triples?: boolean };
  model: string;
  model_kwargs: Record<string, unknown>;
  loss: string;
  loss_kwargs: Record<string, unknown>;
  regularizer?: string | null;
  regularizer_kwargs: Record<string, unknown>;
  optimizer: string;
  optimizer_kwargs: Record<string, unknown>;
  lr_scheduler?: string | null;
  lr_scheduler_kwargs: Record<string, unknown>;
  training_loop: 'slcwa' | 'lcwa';
  negative_sampler: string;
  negative_sampler_kwargs: Record<string, unknown>;
  training: {
    num_epochs: number;
    batch_size: number;
    label_smoothing?: number;
    num_workers?: number;
    checkpoint_frequency?: number;
  };
  stopper?: string | null;
  stopper_kwargs: Record<string, unknown>;
  evaluation: {
    batch_size?: number;
    ks?: number[];
    sides?: ('head' | 'tail')[];
    filtered?: boolean;
    splits?: ('valid' | 'test')[];
    filter_validation_when_testing?: boolean;
    num_negatives?: number;
  };
  output?: string | null;
}

/** Metrics for one split: metrics[side][rankType][metricKey]. */
export type SplitMetrics = Record<string, Record<string, Record<string, number>>>;

export interface PipelineResult {
  /** The trained model (not serialized into metrics.json). */
  model?: import('../models/model.js').Model;
  /** The training triples factory: label <-> id maps of the model (not serialized). */
  training?: import('../data/triples-factory.js').TriplesFactory;
  config: PipelineConfig;
  metrics: { valid?: SplitMetrics; test?: SplitMetrics };
  /** Mean training loss per epoch. */
  losses: number[];
  timings: {
    training_seconds: number;
    training_triples_per_second: number;
    evaluation_seconds: number;
    evaluation_triples_per_second: number;
  };
  backend: string;
  engine: 'tfjs' | 'fused';
  dataset: { name: string; num_entities: number; num_relations: number; num_triples: Record<string, number> };
  best_epoch?: number;
  stopped_early?: boolean;
  pruned?: boolean;
  /** Stopped by options.signal (Ctrl-C in the CLI); no evaluation was run. */
  interrupted?: boolean;
  output_dir?: string;
}

export interface PipelineOptions {
  /** Overwrite existing files in the output folder. */
  overwrite?: boolean;
  quiet?: boolean;
  /**
   * Called after each validation evaluation (early-stopping checkpoint). Returning 'prune'
   * stops the run (sweeps' median pruner); the result then has pruned: true.
   */
  onValidation?: (epoch: number, metrics: SplitMetrics) => void | 'prune';
  /** Called after each epoch with its mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
  /** Aborting it stops training at the end of the current epoch, with a checkpoint written. */
  signal?: AbortSignal;
}

type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What pipeline() accepts: any subset of the config; missing keys take their defaults. */
export type PipelineInput = DeepPartial<PipelineConfig>;
