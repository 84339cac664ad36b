/** Shapes shared by the sweep modules: search space, sweep file, trials. */

export type Direction = 'maximize' | 'minimize';
export type StrategyName = 'grid' | 'random' | 'tpe';
export type TrialStatus = 'queued' | 'running' | 'complete' | 'pruned' | 'failed';

/** Parameter values of one trial, keyed by dotted config key (`model_kwargs.embedding_dim`). */
export type Params = Record<string, unknown>;

/** One searched hyperparameter after validation (all optional members filled). */
export interface ParamDef {
  /** Dotted config key the value is written to. */
  name: string;
  type: 'choice' | 'int' | 'float';
  /** Choices (type choice). */
  values?: unknown[];
  /** Bounds, inclusive (int, float). */
  low?: number;
  high?: number;
  /** Grid spacing: ints default to 1; floats are continuous unless set. */
  step?: number;
  /** Sample and model in log space (low > 0). */
  log: boolean;
  /** Active only when every listed key holds one of the listed values (tree-structured space). */
  when?: Record<string, unknown[]>;
  /** Where the definition came from: the sweep file or a registry's default range. */
  source: 'user' | 'default';
}

export interface MedianPrunerSpec {
  type: 'median' | 'none';
  /** No pruning until this many trials completed. */
  n_startup_trials: number;
  /** No pruning at checkpoints (epochs) below this. */
  n_warmup_steps: number;
  /** Compare only against this many or more completed values at the same step. */
  n_min_trials: number;
}

export interface TpeSpec {
  /** Trials drawn at random before the model is used. */
  n_startup_trials: number;
  /** Fraction of finished trials that form the "good" group l(x). */
  gamma: number;
  /** Candidates drawn from l(x) per parameter; the best l/g ratio wins. */
  n_ei_candidates: number;
  /** Weight of the prior component (uniform over the range) in each density. */
  prior_weight: number;
}

/** The `search` block of a sweep file, validated, with defaults filled. */
export interface SearchSpec {
  strategy: StrategyName;
  /**
   * Trial budget (every status counts). Unset: the grid size for grid search, unlimited
   * (bounded by the timeout) otherwise.
   */
  num_trials?: number;
  /** Seconds after which no new trial is started (per invocation). */
  timeout?: number;
  /** Dotted path into PipelineResult.metrics, e.g. `valid.both.realistic.mrr`. */
  metric: string;
  direction: Direction;
  seed: number;
  parameters: ParamDef[];
  /** Registry families whose default ranges were requested (`use_default_ranges`). */
  use_default_ranges: string[];
  study_name?: string;
  storage?: string;
  workers: number;
  pruner: MedianPrunerSpec;
  tpe: TpeSpec;
  /** Seconds between heartbeats of a running trial. */
  heartbeat_interval: number;
  /** A running trial whose heartbeat is older than this many seconds is re-queued. */
  heartbeat_timeout: number;
  /** How often a trial interrupted by a dead worker is retried before it is marked failed. */
  max_retries: number;
  /** Rows in the final table of best trials. */
  top_k: number;
}

/** A parsed sweep file. */
export interface SweepConfig {
  /** Base pipeline config (sweep file minus `search` and `output`), as written. */
  base: Record<string, unknown>;
  search: SearchSpec;
  /** Sweep output folder (trial run folders, study.db, trials.csv, best-config.yaml). */
  output?: string;
  /** The file it came from, for messages and the default study name. */
  source?: string;
}

/** A trial as stored. */
export interface TrialRecord {
  id: number;
  number: number;
  status: TrialStatus;
  params: Params;
  config?: Record<string, unknown> | null;
  value?: number | null;
  metrics?: unknown;
  error?: string | null;
  intermediate: Record<number, number>;
  runDir?: string | null;
  workerId?: string | null;
  host?: string | null;
  pid?: number | null;
  /** Milliseconds since the epoch (the storage's clock). */
  heartbeat?: number | null;
  attempts: number;
  createdAt: number;
  startedAt?: number | null;
  finishedAt?: number | null;
}

/** What a strategy sees of past trials. */
export interface Observation {
  number: number;
  status: TrialStatus;
  params: Params;
  value?: number | null;
}
