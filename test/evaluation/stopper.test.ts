import { describe, expect, it } from 'vitest';
import { EarlyStopper, isImprovement, NopStopper, stopperRegistry } from '../../src/training/stopper.js';

const metricsWith = (mrr: number, meanRank = 10) => ({
  both: { realistic: { mrr, mean_rank: meanRank }, optimistic: {}, pessimistic: {} },
});

describe('EarlyStopper', () => {
  it('evaluates every `frequency` epochs', () => {
    const s = new EarlyStopper({ frequency: 5 });
    expect([0, 1, 4, 5, 6, 10, 15].map((e) => s.shouldEvaluate(e))).toEqual([false, false, false, true, false, true, true]);
    expect(new EarlyStopper().frequency).toBe(10);
  });

  it('stops after `patience` checks without relative improvement > relative_delta', () => {
    const improvedAt: number[] = [];
    const s = new EarlyStopper({ frequency: 5, patience: 2, relative_delta: 0.01, onImprovement: (e) => improvedAt.push(e) });
    const seq: [number, number][] = [
      [5, 0.1], // first report: improvement
      [10, 0.15], // +50%: improvement
      [15, 0.151], // +0.66% <= 1%: not an improvement (patience 2 -> 1)
      [20, 0.16], // +6.6% over 0.15: improvement (patience reset to 2)
      [25, 0.159], // worse (-> 1)
      [30, 0.1605], // better than 0.159 but not > 1% over the best 0.16 (-> 0): stop
    ];
    const decisions = seq.map(([e, v]) => s.report(e, metricsWith(v)));
    expect(decisions.map((d) => d.improved)).toEqual([true, true, false, true, false, false]);
    expect(decisions.map((d) => d.stop)).toEqual([false, false, false, false, false, true]);
    expect(decisions[5]!.reason).toMatch(/no relative improvement > 0.01 in both.realistic.mrr for 2 evaluations; best 0.16 at epoch 20/);
    expect(improvedAt).toEqual([5, 10, 20]);
    expect(s.bestEpoch).toBe(20);
    expect(s.bestValue).toBe(0.16);
    expect(s.state().history.map((h) => h.value)).toEqual(seq.map(([, v]) => v));
  });

  it('uses the larger magnitude for the relative delta (as math.isclose)', () => {
    // |0.1011 - 0.1| = 0.0011 > 0.01 * 0.1011: improvement; 0.101 is not (0.001 <= 0.00101).
    expect(isImprovement(0.1011, 0.1, true, 0.01)).toBe(true);
    expect(isImprovement(0.101, 0.1, true, 0.01)).toBe(false);
    expect(isImprovement(-5, -4, false, 0.1)).toBe(true); // 1 > 0.5
    expect(isImprovement(NaN, 0.1, true, 0)).toBe(false);
    expect(isImprovement(NaN, null, true, 0)).toBe(false);
    expect(isImprovement(0, null, true, 0.5)).toBe(true);
  });

  it('infers smaller-is-better for rank metrics and accepts bare keys and numbers', () => {
    const s = new EarlyStopper({ metric: 'mean_rank', patience: 1 });
    expect(s.metric).toBe('both.realistic.mean_rank');
    expect(s.largerIsBetter).toBe(false);
    expect(s.report(1, metricsWith(0, 20)).improved).toBe(true);
    expect(s.report(2, metricsWith(0, 10)).improved).toBe(true);
    const d = s.report(3, metricsWith(0, 12));
    expect(d).toMatchObject({ improved: false, stop: true });
    expect(s.bestValue).toBe(10);
    const n = new EarlyStopper({ larger_is_better: false, relative_delta: 0 });
    expect(n.report(1, 5).improved).toBe(true);
    expect(n.report(2, 4).improved).toBe(true);
  });

  it('reads the metric from an evaluation result and names a bad path', () => {
    const s = new EarlyStopper();
    expect(s.report(10, { metrics: metricsWith(0.3) }).improved).toBe(true);
    expect(() => new EarlyStopper({ metric: 'both.realistic.hits_at_7' }).report(1, metricsWith(1))).toThrow(/hits_at_7/);
    expect(() => s.report(10, metricsWith(0.4))).toThrow(/in order/);
  });

  it('validates options', () => {
    expect(() => new EarlyStopper({ frequency: 0 })).toThrow(/frequency/);
    expect(() => new EarlyStopper({ patience: 1.5 })).toThrow(/patience/);
    expect(() => new EarlyStopper({ relative_delta: -0.1 })).toThrow(/relative_delta/);
  });

  it('restores its state (checkpoint resume) and continues identically', () => {
    const a = new EarlyStopper({ patience: 2 });
    a.report(10, 0.2);
    a.report(20, 0.19);
    const b = new EarlyStopper({ patience: 2 });
    b.restore(JSON.parse(JSON.stringify(a.state())));
    expect(b.state()).toEqual(a.state());
    expect(b.report(30, 0.18)).toEqual(a.report(30, 0.18));
    expect(b.state()).toEqual(a.state());
  });

  it('lets a training loop keep and restore the best weights', () => {
    // A fake loop: weights drift each epoch; the metric peaks at epoch 4.
    const weights = new Float32Array([0, 0, 0]);
    let snapshot: Float32Array | null = null;
    const values = [0.1, 0.2, 0.3, 0.5, 0.4, 0.3, 0.2];
    const s = new EarlyStopper({ frequency: 1, patience: 2, onImprovement: () => (snapshot = weights.slice()) });
    let stoppedAt = -1;
    for (let epoch = 1; epoch <= values.length; epoch++) {
      weights.fill(epoch);
      if (!s.shouldEvaluate(epoch)) continue;
      const d = s.report(epoch, values[epoch - 1]!);
      if (d.stop) {
        weights.set(snapshot!);
        stoppedAt = epoch;
        break;
      }
    }
    expect(stoppedAt).toBe(6);
    expect(s.bestEpoch).toBe(4);
    expect(Array.from(weights)).toEqual([4, 4, 4]);
  });
});

describe('NopStopper and the registry', () => {
  it('never evaluates or stops', () => {
    const s = new NopStopper();
    expect(s.shouldEvaluate(10)).toBe(false);
    expect(s.report(10, 0.5)).toEqual({ improved: false, stop: false });
    expect(s.bestEpoch).toBeNull();
  });

  it('builds stoppers by name with defaults and checked kwargs', () => {
    const calls: number[] = [];
    const s = stopperRegistry.create('early_stopping', { patience: 3 }, { onImprovement: (e) => calls.push(e) }) as EarlyStopper;
    expect(s.kind).toBe('early');
    expect([s.frequency, s.patience, s.relativeDelta, s.metric, s.largerIsBetter]).toEqual([10, 3, 0.01, 'both.realistic.mrr', true]);
    s.report(10, 0.5);
    expect(calls).toEqual([10]);
    expect(stopperRegistry.create('EarlyStopper', {}).kind).toBe('early');
    expect(stopperRegistry.create('nop').kind).toBe('nop');
    expect(stopperRegistry.create('none').kind).toBe('nop');
    expect(() => stopperRegistry.create('early', { patiense: 3 })).toThrow(/unknown argument 'patiense'/);
    expect(() => stopperRegistry.create('sometimes')).toThrow(/unknown stopper/);
  });
});
