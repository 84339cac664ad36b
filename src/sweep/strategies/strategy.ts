import type { Observation, Params } from '../types.js';

/**
 * Proposes parameters for trial `number`. Given the same number and history a strategy returns
 * the same params (its randomness is seeded per trial number), so any worker may ask.
 */
export interface Strategy {
  readonly name: string;
  /** How many distinct trials it can propose (the grid size), or Infinity. */
  readonly capacity: number;
  /** Params for trial `number`, or null when the strategy has nothing left to propose. */
  suggest(number: number, history: readonly Observation[]): Params | null;
}
