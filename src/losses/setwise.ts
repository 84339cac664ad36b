import { Loss } from './base.js';

/**
 * A loss over a whole set of scores at once: a positive against all of its negatives (sLCWA), or a
 * full row of the score matrix (LCWA). Subclasses implement both entry points themselves.
 */
export abstract class SetwiseLoss extends Loss {
  readonly family = 'setwise' as const;
}
