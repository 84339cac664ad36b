import { describe, expect, it } from 'vitest';
import { median, MedianPruner } from '../../src/sweep/pruner.js';
import type { MedianPrunerSpec } from '../../src/sweep/types.js';

const spec = (s: Partial<MedianPrunerSpec> = {}): MedianPrunerSpec => ({ type: 'median', n_startup_trials: 3, n_warmup_steps: 0, n_min_trials: 1, ...s });
const completed: Record<number, number>[] = [{ 1: 0.5, 2: 0.6 }, { 1: 0.3, 2: 0.4 }, { 1: 0.4 }];

describe('median pruner', () => {
  it('prunes below the median of completed trials at the same step (maximize)', () => {
    const p = new MedianPruner(spec(), 'maximize', completed);
    // Step 1: median of 0.5, 0.3, 0.4 is 0.4.
    expect(p.shouldPrune(1, { 1: 0.35 })).toBe(true);
    expect(p.shouldPrune(1, { 1: 0.45 })).toBe(false);
    // Step 2: median of 0.6, 0.4 is 0.5; the trial's best so far counts.
    expect(p.shouldPrune(2, { 1: 0.55, 2: 0.45 })).toBe(false);
    expect(p.shouldPrune(2, { 1: 0.3, 2: 0.45 })).toBe(true);
    // No completed trial reached step 5: nothing to compare with.
    expect(p.shouldPrune(5, { 5: 0 })).toBe(false);
    expect(p.shouldPrune(1, { 1: NaN })).toBe(true);
  });

  it('mirrors for minimize', () => {
    const p = new MedianPruner(spec(), 'minimize', completed);
    expect(p.shouldPrune(1, { 1: 0.45 })).toBe(true);
    expect(p.shouldPrune(1, { 1: 0.35 })).toBe(false);
  });

  it('waits for n_startup_trials, n_warmup_steps and n_min_trials', () => {
    expect(new MedianPruner(spec({ n_startup_trials: 4 }), 'maximize', completed).shouldPrune(1, { 1: 0 })).toBe(false);
    const warm = new MedianPruner(spec({ n_warmup_steps: 2 }), 'maximize', completed);
    expect(warm.shouldPrune(1, { 1: 0 })).toBe(false);
    expect(warm.shouldPrune(2, { 1: 0, 2: 0 })).toBe(true);
    const min3 = new MedianPruner(spec({ n_min_trials: 3 }), 'maximize', completed);
    expect(min3.shouldPrune(1, { 1: 0 })).toBe(true);
    expect(min3.shouldPrune(2, { 1: 0, 2: 0 })).toBe(false); // only 2 values at step 2
    expect(new MedianPruner(spec({ type: 'none' }), 'maximize', completed).shouldPrune(1, { 1: 0 })).toBe(false);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
