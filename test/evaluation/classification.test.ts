import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../src/evaluation/classification.js';
import { hashInt } from './brute-force.js';

/** The three metrics straight from their definitions, by enumeration. */
function reference(pos: number[], neg: number[]) {
  let pairs = 0;
  for (const p of pos) for (const n of neg) pairs += p > n ? 1 : p === n ? 0.5 : 0;
  const thresholds = [...new Set([...pos, ...neg])].sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  let bestAcc = neg.length / (pos.length + neg.length);
  for (const th of thresholds) {
    const tp = pos.filter((s) => s >= th).length;
    const fp = neg.filter((s) => s >= th).length;
    const recall = tp / pos.length;
    if (tp + fp > 0) ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    bestAcc = Math.max(bestAcc, (tp + neg.length - fp) / (pos.length + neg.length));
  }
  return { roc_auc: pairs / (pos.length * neg.length), average_precision: ap, accuracy: bestAcc };
}

describe('classificationMetrics', () => {
  it('hand table with a tie between a positive and a negative', () => {
    // pos 0.9, 0.5; neg 0.5, 0.1. Pairs: 1 + 1 + 1/2 + 1 = 3.5 of 4.
    // AP: at 0.9 precision 1 (recall 0 -> 1/2); at 0.5 precision 2/3 (recall 1/2 -> 1): 1/2 + 1/3.
    // Accuracy: threshold 0.9 -> 3/4 (also 0.5 -> 3/4; the larger threshold is reported).
    const m = classificationMetrics([0.9, 0.5], [0.5, 0.1]);
    expect(m.roc_auc).toBeCloseTo(0.875, 14);
    expect(m.average_precision).toBeCloseTo(5 / 6, 14);
    expect(m.accuracy).toBeCloseTo(0.75, 14);
    expect(m.threshold).toBe(0.9);
    expect(m.num_positives).toBe(2);
    expect(m.num_negatives).toBe(2);
  });

  it('perfect separation, all ties, and a reversed model', () => {
    const perfect = classificationMetrics([3, 4], [1, 2, 0]);
    expect([perfect.roc_auc, perfect.average_precision, perfect.accuracy, perfect.threshold]).toEqual([1, 1, 1, 3]);
    const ties = classificationMetrics([1, 1], [1, 1, 1]);
    expect(ties.roc_auc).toBe(0.5);
    expect(ties.average_precision).toBeCloseTo(0.4, 14); // precision 2/5 at the one threshold
    expect(ties.accuracy).toBeCloseTo(0.6, 14); // predicting all negative
    expect(ties.threshold).toBe(Infinity);
    expect(classificationMetrics([0], [1]).roc_auc).toBe(0);
  });

  it('equals the definitions on a tie-heavy random table, whatever the input order', () => {
    const pos = Array.from({ length: 40 }, (_, i) => hashInt(7, i, 1) + 1);
    const neg = Array.from({ length: 60 }, (_, i) => hashInt(6, i, 2));
    const m = classificationMetrics(pos, neg);
    const ref = reference(pos, neg);
    expect(m.roc_auc).toBeCloseTo(ref.roc_auc, 12);
    expect(m.average_precision).toBeCloseTo(ref.average_precision, 12);
    expect(m.accuracy).toBeCloseTo(ref.accuracy, 12);
    const shuffled = classificationMetrics([...pos].reverse(), [...neg].reverse());
    expect(shuffled).toEqual(m);
  });

  it('rejects empty inputs and NaN', () => {
    expect(() => classificationMetrics([], [1])).toThrow(/positives and negatives/);
    expect(() => classificationMetrics([1], [NaN])).toThrow(/NaN score at negative 0/);
  });
});
