import type { SearchSpace } from '../space.js';
import type { SearchSpec } from '../types.js';
import { GridStrategy } from './grid.js';
import { RandomStrategy } from './random.js';
import type { Strategy } from './strategy.js';
import { TpeStrategy } from './tpe.js';

export type { Strategy } from './strategy.js';
export { GridStrategy, RandomStrategy, TpeStrategy };
export { DEFAULT_TPE } from './tpe.js';

/** The strategy a `search` block asks for. */
export function createStrategy(space: SearchSpace, search: Pick<SearchSpec, 'strategy' | 'num_trials' | 'seed' | 'direction' | 'tpe'>): Strategy {
  switch (search.strategy) {
    case 'grid':
      return new GridStrategy(space, search.num_trials);
    case 'random':
      return new RandomStrategy(space, search.seed);
    case 'tpe':
      return new TpeStrategy(space, search.seed, search.direction, search.tpe);
  }
}
