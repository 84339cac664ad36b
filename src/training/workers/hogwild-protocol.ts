/** Messages between trainHogwild (hogwild.ts) and its workers (hogwild-worker.ts). */
import type { SharedOptimizerState } from './shared-optimizers.js';

export interface ComponentSpec {
  name: string;
  kwargs: Record<string, unknown>;
}

/** Everything a worker needs, as plain data and shared buffers. */
export interface HogwildInit {
  index: number;
  numWorkers: number;
  interaction: { name: string; p?: number };
  dims: { embeddingDim: number; numEntities: number; entityWidth: number; numRelations: number; relationWidth: number };
  tables: { entities: SharedArrayBuffer; relations: SharedArrayBuffer };
  constraints: { entity: string | null; relation: string | null };
  triples: SharedArrayBuffer;
  loss: ComponentSpec;
  sampler: ComponentSpec;
  regularizer: ComponentSpec | null;
  optimizers: { entities: SharedOptimizerState; relations: SharedOptimizerState };
  seed: number;
}

export interface EpochCommand {
  type: 'epoch';
  epoch: number;
  /** The epoch's shuffled triple order (shared by all workers). */
  order: SharedArrayBuffer;
  batchSize: number;
  /** Batch numbers this worker runs, in order. */
  batches: Int32Array;
  lr: { entities: number; relations: number };
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'epoch-done'; epoch: number; lossSum: number; batches: number; examples: number; batchLosses: Float64Array }
  | { type: 'error'; message: string; nonFinite?: { epoch: number; batch: number; value: number } };
