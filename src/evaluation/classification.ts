/**
 * Triple classification metrics from the scores of true triples (positives) and of sampled
 * corruptions (negatives); higher score = predicted more plausible. Ties are handled as groups
 * of equal scores throughout, so the result does not depend on the input order.
 */
import { KgeError } from '../errors.js';

export interface ClassificationMetrics {
  /** P(score of a random positive > score of a random negative), ties counting 1/2. */
  roc_auc: number;
  /** Sum over distinct thresholds of (recall increase) x precision, ties taken as one step. */
  average_precision: number;
  /** Best accuracy of the rule "positive iff score >= threshold" over all thresholds. */
  accuracy: number;
  /** The threshold reaching `accuracy` (the largest one if several do; +Infinity = all negative). */
  threshold: number;
  num_positives: number;
  num_negatives: number;
}

export function classificationMetrics(positives: ArrayLike<number>, negatives: ArrayLike<number>): ClassificationMetrics {
  const p = positives.length;
  const q = negatives.length;
  if (p === 0 || q === 0) {
    throw new KgeError(`classification needs positives and negatives, got ${p} and ${q}`, 'classification metrics');
  }
  // One array of (score, label) sorted by score descending.
  const scores = new Float64Array(p + q);
  const labels = new Uint8Array(p + q);
  for (let i = 0; i < p; i++) {
    scores[i] = positives[i]!;
    labels[i] = 1;
  }
  for (let i = 0; i < q; i++) scores[p + i] = negatives[i]!;
  for (let i = 0; i < p + q; i++) {
    if (Number.isNaN(scores[i]!)) {
      throw new KgeError(`NaN score at ${i < p ? `positive ${i}` : `negative ${i - p}`}`, 'classification metrics');
    }
  }
  const order = Array.from({ length: p + q }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || 0);

  let tp = 0;
  let fp = 0;
  let aucSum = 0; // sum over positives of (#negatives below + half #negatives tied)
  let ap = 0;
  let bestAcc = q / (p + q); // threshold +Infinity: everything predicted negative
  let bestThreshold = Infinity;
  let i = 0;
  while (i < order.length) {
    const s = scores[order[i]!]!;
    let gp = 0;
    let gn = 0;
    while (i < order.length && scores[order[i]!] === s) {
      if (labels[order[i]!]) gp++;
      else gn++;
      i++;
    }
    // Negatives strictly above this group: fp; tied: gn; below: q - fp - gn.
    aucSum += gp * (q - fp - gn + 0.5 * gn);
    tp += gp;
    fp += gn;
    if (gp > 0) ap += (gp / p) * (tp / (tp + fp));
    const acc = (tp + (q - fp)) / (p + q);
    if (acc > bestAcc) {
      bestAcc = acc;
      bestThreshold = s;
    }
  }
  return {
    roc_auc: aucSum / (p * q),
    average_precision: ap,
    accuracy: bestAcc,
    threshold: bestThreshold,
    num_positives: p,
    num_negatives: q,
  };
}
