import { childRng } from '../../util/random.js';
import type { SearchSpace } from '../space.js';
import type { Params } from '../types.js';
import type { Strategy } from './strategy.js';

/** Independent uniform draws; trial n's draw depends only on (seed, n). */
export class RandomStrategy implements Strategy {
  readonly name = 'random';
  readonly capacity = Infinity;

  constructor(private readonly space: SearchSpace, private readonly seed: number) {}

  suggest(number: number): Params {
    return this.space.sample(childRng(this.seed, `sweep-trial-${number}`));
  }
}
