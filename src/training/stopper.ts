/**
 * Early stopping on a validation metric (PyKEEN's rule).
 *
 * Every `frequency` epochs the training loop evaluates and calls `report(epoch, metrics)`.
 * A value is an improvement when it is better than the best so far AND differs from it by more
 * than relative_delta relative to the larger magnitude:
 *     better(v, best) && |v - best| > relative_delta * max(|v|, |best|)
 * The first report is always an improvement. Training stops after `patience` consecutive
 * reports without improvement ("no relative improvement > relative_delta for patience checks").
 *
 * On improvement `report` returns improved = true (and calls onImprovement), which is the
 * moment the loop snapshots its weights; when it returns stop = true the loop restores that
 * snapshot, so the final model is the one from `bestEpoch`.
 */
import { ConfigError } from '../errors.js';
import { Registry } from '../registry.js';
import { getMetric, largerIsBetter, resolveMetricPath } from '../evaluation/metrics.js';

export interface StopDecision {
  improved: boolean;
  stop: boolean;
  /** Why training stops (only when stop is true). */
  reason?: string;
}

/** Serializable progress of a stopper, for checkpoints and results. */
export interface StopperState {
  best_epoch: number | null;
  best_value: number | null;
  remaining_patience: number;
  stopped: boolean;
  history: { epoch: number; value: number }[];
}

export interface Stopper {
  readonly kind: 'early' | 'nop';
  /** Whether the loop should evaluate after this (1-based) epoch. */
  shouldEvaluate(epoch: number): boolean;
  /** Takes the metrics of the evaluation after `epoch` (a metrics object, an evaluation result, or a number). */
  report(epoch: number, metrics: unknown): StopDecision;
  readonly bestEpoch: number | null;
  readonly bestValue: number | null;
  state(): StopperState;
  restore(state: StopperState): void;
}

export interface EarlyStopperOptions {
  /** Evaluate every this many epochs; default 10. */
  frequency?: number;
  /** Stop after this many evaluations without improvement; default 2. */
  patience?: number;
  /** Minimum relative change that counts as improvement; default 0.01. */
  relative_delta?: number;
  /** Dotted path into the metrics object; default 'both.realistic.mrr'. A bare key means both.realistic.<key>. */
  metric?: string;
  /** Default true, except for rank-valued metrics (mean_rank, median_rank, ..., adjusted_mean_rank). */
  larger_is_better?: boolean;
  /** Called on every improvement (e.g. to copy the embedding Float32Arrays). */
  onImprovement?: (epoch: number, value: number) => void;
}

/** Decides whether `value` improves on `best` (see the module comment). */
export function isImprovement(value: number, best: number | null, largerBetter: boolean, relativeDelta: number): boolean {
  if (Number.isNaN(value)) return false;
  if (best === null) return true;
  const better = largerBetter ? value > best : value < best;
  if (!better) return false;
  return Math.abs(value - best) > relativeDelta * Math.max(Math.abs(value), Math.abs(best));
}

export class EarlyStopper implements Stopper {
  readonly kind = 'early' as const;
  readonly frequency: number;
  readonly patience: number;
  readonly relativeDelta: number;
  readonly metric: string;
  readonly largerIsBetter: boolean;
  private best: number | null = null;
  private bestAt: number | null = null;
  private remaining: number;
  private stopped = false;
  private readonly history: { epoch: number; value: number }[] = [];
  private readonly onImprovement?: (epoch: number, value: number) => void;

  constructor(options: EarlyStopperOptions = {}) {
    const where = 'stopper';
    this.frequency = options.frequency ?? 10;
    this.patience = options.patience ?? 2;
    this.relativeDelta = options.relative_delta ?? 0.01;
    if (!Number.isInteger(this.frequency) || this.frequency < 1) {
      throw new ConfigError(`frequency must be a positive integer, got ${options.frequency}`, where);
    }
    if (!Number.isInteger(this.patience) || this.patience < 1) {
      throw new ConfigError(`patience must be a positive integer, got ${options.patience}`, where);
    }
    if (!(this.relativeDelta >= 0 && this.relativeDelta < 1)) {
      throw new ConfigError(`relative_delta must be in [0, 1), got ${options.relative_delta}`, where);
    }
    this.metric = resolveMetricPath(options.metric ?? 'both.realistic.mrr');
    this.largerIsBetter = options.larger_is_better ?? largerIsBetter(this.metric);
    this.remaining = this.patience;
    this.onImprovement = options.onImprovement;
  }

  shouldEvaluate(epoch: number): boolean {
    return epoch > 0 && epoch % this.frequency === 0;
  }

  report(epoch: number, metrics: unknown): StopDecision {
    const last = this.history[this.history.length - 1];
    if (last && epoch <= last.epoch) {
      throw new ConfigError(`epoch ${epoch} reported after epoch ${last.epoch}; report each epoch once, in order`, 'stopper');
    }
    const value = typeof metrics === 'number' ? metrics : getMetric(metrics, this.metric, 'stopper.metric');
    this.history.push({ epoch, value });
    const improved = isImprovement(value, this.best, this.largerIsBetter, this.relativeDelta);
    if (improved) {
      this.best = value;
      this.bestAt = epoch;
      this.remaining = this.patience;
      this.onImprovement?.(epoch, value);
    } else {
      this.remaining--;
    }
    if (this.remaining <= 0) {
      this.stopped = true;
      const reason =
        `no relative improvement > ${this.relativeDelta} in ${this.metric} for ${this.patience} ` +
        `evaluation${this.patience === 1 ? '' : 's'}; best ${this.best ?? 'none'} at epoch ${this.bestAt ?? 'none'}`;
      return { improved, stop: true, reason };
    }
    return { improved, stop: false };
  }

  get bestEpoch(): number | null {
    return this.bestAt;
  }

  get bestValue(): number | null {
    return this.best;
  }

  state(): StopperState {
    return {
      best_epoch: this.bestAt,
      best_value: this.best,
      remaining_patience: this.remaining,
      stopped: this.stopped,
      history: this.history.map((h) => ({ ...h })),
    };
  }

  restore(state: StopperState): void {
    this.bestAt = state.best_epoch;
    this.best = state.best_value;
    this.remaining = state.remaining_patience;
    this.stopped = state.stopped;
    this.history.length = 0;
    this.history.push(...state.history.map((h) => ({ ...h })));
  }
}

/** Never evaluates, never stops: training runs all its epochs. */
export class NopStopper implements Stopper {
  readonly kind = 'nop' as const;
  readonly bestEpoch = null;
  readonly bestValue = null;

  shouldEvaluate(_epoch: number): boolean {
    return false;
  }

  report(_epoch: number, _metrics?: unknown): StopDecision {
    return { improved: false, stop: false };
  }

  state(): StopperState {
    return { best_epoch: null, best_value: null, remaining_patience: 0, stopped: false, history: [] };
  }

  restore(_state: StopperState): void {}
}

/** What the training loop supplies when building a stopper from a config. */
export interface StopperContext {
  onImprovement?: (epoch: number, value: number) => void;
}

/** Stoppers by name: `early` (aliases early_stopping, early_stopper) and `nop` (alias none). */
export const stopperRegistry = new Registry<Stopper, StopperContext | undefined>('stopper', 'stopper')
  .register({
    name: 'early',
    aliases: ['early_stopping', 'early_stopper'],
    description: 'evaluate every `frequency` epochs; stop after `patience` evaluations without relative improvement > relative_delta',
    params: [
      { name: 'frequency', type: 'int', default: 10, description: 'evaluate every this many epochs' },
      { name: 'patience', type: 'int', default: 2, description: 'evaluations without improvement before stopping' },
      { name: 'relative_delta', type: 'float', default: 0.01, description: 'minimum relative improvement' },
      { name: 'metric', type: 'string', default: 'both.realistic.mrr', description: 'dotted path into the metrics' },
      { name: 'larger_is_better', type: 'bool', description: 'default: true, false for rank-valued metrics' },
    ],
    create: (kwargs, context) =>
      new EarlyStopper({ ...(kwargs as EarlyStopperOptions), onImprovement: context?.onImprovement }),
  })
  .register({
    name: 'nop',
    aliases: ['none'],
    description: 'never evaluates, never stops',
    params: [],
    create: () => new NopStopper(),
  });
