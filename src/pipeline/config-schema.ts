/**
 * Every config key with its default and meaning: the single source for validation, defaults,
 * and docs/config.md (a test checks the docs list every key).
 */
export interface KeySpec {
  default: unknown;
  description: string;
  /** For object-valued keys whose own keys are fixed. */
  keys?: Record<string, KeySpec>;
  /** Free-form object (component kwargs, validated by the component's registry). */
  freeform?: boolean;
}

export const CONFIG_SCHEMA: Record<string, KeySpec> = {
  seed: { default: 42, description: 'Seed for initialization, shuffling and negative sampling. Same seed + same engine + one worker = identical losses.' },
  device: { default: 'auto', description: 'auto | gpu | cpu | wasm. auto tries @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node, then the pure-JS cpu backend. gpu fails loudly if the GPU binding cannot load.' },
  engine: { default: 'auto', description: 'auto | tfjs | fused. tfjs differentiates the tfjs definition of the interaction (the reference, and the GPU path); fused uses hand-written CPU kernels where the interaction has one. auto picks fused on the CPU backends when available.' },
  dataset: { default: 'countries', description: 'A registry name (countries, countries-s1..s3, wordnet, nations, kinships, umls, wn18rr, fb15k237, codex-small, codex-medium) or {train, valid, test, delimiter, columns, split, name} with file paths (TSV, optionally .gz), relative to the config file; split: [0.8, 0.1, 0.1] splits the train file instead of reading valid/test.' },
  dataset_kwargs: {
    default: {},
    description: 'Options for building the triples factory.',
    keys: { create_inverse_triples: { default: false, description: 'Add (t, r_inverse, h) for each training triple; evaluation then predicts heads as tails of the inverse relation.' } },
  },
  model: { default: 'TransE', description: 'Model name (see `kge ls models`): TransE, DistMult, ComplEx, RotatE.' },
  model_kwargs: { default: {}, freeform: true, description: 'Model hyperparameters: embedding_dim, scoring_fct_norm (TransE), entity_initializer, relation_initializer, entity_constrainer, relation_constrainer.' },
  loss: { default: 'marginranking', description: 'Loss name (see `kge ls losses`); case, dashes, underscores and a "Loss" suffix are ignored.' },
  loss_kwargs: { default: {}, freeform: true, description: 'Loss hyperparameters, e.g. margin, gamma, alpha, reduction.' },
  regularizer: { default: null, description: 'Regularizer name (lp) or null.' },
  regularizer_kwargs: { default: {}, freeform: true, description: 'Regularizer hyperparameters: weight, p, normalize, apply_to.' },
  optimizer: { default: 'adam', description: 'adam | adagrad | sgd. All update only the embedding rows a batch touched (per-row state).' },
  optimizer_kwargs: { default: {}, freeform: true, description: 'Optimizer hyperparameters: lr, and betas/eps (adam), eps/initial_accumulator_value (adagrad).' },
  lr_scheduler: { default: null, description: 'StepLR | ExponentialLR | CosineAnnealingLR, or null. Applied per epoch.' },
  lr_scheduler_kwargs: { default: {}, freeform: true, description: 'Scheduler hyperparameters: step_size, gamma, T_max, eta_min.' },
  training_loop: { default: 'slcwa', description: 'slcwa (negative sampling) | lcwa (each (h, r) scored against all tails, 1-N).' },
  negative_sampler: { default: 'basic', description: 'basic | bernoulli | pseudotyped (sLCWA only).' },
  negative_sampler_kwargs: { default: {}, freeform: true, description: 'num_negs_per_pos (default 1), filtered (drop known true triples), corruption_scheme.' },
  training: {
    default: {},
    description: 'Training loop settings.',
    keys: {
      num_epochs: { default: 100, description: 'Number of passes over the training triples.' },
      batch_size: { default: 256, description: 'Positive triples (sLCWA) or (h, r) queries (LCWA) per step.' },
      num_workers: { default: 1, description: 'Threads for the fused engine: Hogwild-style sLCWA training over shared tables and multi-threaded ranking in evaluation. 1 = deterministic; more threads make the loss curve depend on thread timing.' },
      checkpoint_frequency: { default: 0, description: 'Write a checkpoint every N epochs into <output>/checkpoint (0 = only at the end). `kge train --resume` continues from it.' },
    },
  },
  stopper: { default: null, description: 'early, or null. Early stopping evaluates on valid every `frequency` epochs.' },
  stopper_kwargs: { default: {}, freeform: true, description: 'frequency (10), patience (2), relative_delta (0.01), metric (both.realistic.mrr), larger_is_better (true).' },
  evaluation: {
    default: {},
    description: 'Rank-based evaluation settings.',
    keys: {
      batch_size: { default: null, description: 'Queries scored at once; found automatically when null.' },
      ks: { default: [1, 3, 5, 10], description: 'k values for hits_at_k.' },
      sides: { default: ['head', 'tail'], description: 'Which sides to predict.' },
      filtered: { default: true, description: 'Remove other known true answers before ranking (filtered setting).' },
      splits: { default: ['test'], description: 'Splits to evaluate after training: valid and/or test.' },
      filter_validation_when_testing: { default: true, description: 'Test filtering also removes valid triples (train ∪ valid ∪ test).' },
      num_negatives: { default: null, description: 'Rank against this many sampled candidates instead of all entities (sampled evaluation; labelled in metrics.json).' },
    },
  },
  output: { default: null, description: 'Run folder for config.yaml, metrics.json, losses.csv, embeddings and checkpoints. Default runs/<dataset>-<model>-<timestamp>; existing files are not overwritten without --overwrite.' },
};
