/**
 * Median pruning (as in Google Vizier's median stopping rule and Optuna's MedianPruner): at a
 * validation checkpoint, stop a trial whose best value so far is worse than the median of the
 * values completed trials had at the same checkpoint.
 */
import type { Direction, MedianPrunerSpec } from './types.js';

export class MedianPruner {
  /** step -> values of completed trials at that step. */
  private readonly byStep = new Map<number, number[]>();
  private readonly completed: number;

  /** @param completedIntermediates intermediate values (step -> value) of each completed trial. */
  constructor(
    private readonly spec: MedianPrunerSpec,
    private readonly direction: Direction,
    completedIntermediates: readonly Record<number, number>[],
  ) {
    this.completed = completedIntermediates.length;
    for (const values of completedIntermediates) {
      for (const [step, v] of Object.entries(values)) {
        if (!Number.isFinite(v)) continue;
        const list = this.byStep.get(Number(step)) ?? [];
        list.push(v);
        this.byStep.set(Number(step), list);
      }
    }
  }

  /**
   * Whether to stop a trial that reported `values` (step -> value, including the current one)
   * and is now at `step`.
   */
  shouldPrune(step: number, values: Record<number, number>): boolean {
    if (this.spec.type === 'none') return false;
    if (this.completed < this.spec.n_startup_trials || step < this.spec.n_warmup_steps) return false;
    const current = values[step];
    if (current === undefined) return false;
    if (Number.isNaN(current)) return true;
    const others = this.byStep.get(step);
    if (!others || others.length < this.spec.n_min_trials) return false;
    const best = bestSoFar(values, step, this.direction);
    const m = median(others);
    return this.direction === 'maximize' ? best < m : best > m;
  }
}

function bestSoFar(values: Record<number, number>, upTo: number, direction: Direction): number {
  let best = direction === 'maximize' ? -Infinity : Infinity;
  for (const [s, v] of Object.entries(values)) {
    if (Number(s) > upTo || !Number.isFinite(v)) continue;
    best = direction === 'maximize' ? Math.max(best, v) : Math.min(best, v);
  }
  return best;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
