import { ConfigError } from '../../errors.js';
import type { SearchSpace } from '../space.js';
import type { Params } from '../types.js';
import type { Strategy } from './strategy.js';

/** Every combination once, in a fixed order: trial n gets grid point n. */
export class GridStrategy implements Strategy {
  readonly name = 'grid';
  private readonly points: Params[];

  constructor(space: SearchSpace, numTrials?: number) {
    this.points = space.grid();
    if (numTrials !== undefined && this.points.length > numTrials) {
      throw new ConfigError(
        `the grid has ${this.points.length} points but num_trials is ${numTrials}; raise num_trials or shrink the grid`,
        'search.num_trials',
      );
    }
  }

  get capacity(): number {
    return this.points.length;
  }

  suggest(number: number): Params | null {
    const p = this.points[number];
    return p ? { ...p } : null;
  }
}
