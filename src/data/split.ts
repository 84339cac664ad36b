import { ConfigError } from '../errors.js';
import { childRng, shuffleInPlace } from '../util/random.js';

/**
 * Checks split ratios and returns them completed to sum to 1: `[0.8, 0.1]` becomes
 * `[0.8, 0.1, 0.1]`; `[0.8, 0.1, 0.1]` stays. At least two parts, each ratio in (0, 1).
 */
export function normalizeRatios(ratios: readonly number[]): number[] {
  const where = 'split.ratios';
  if (!Array.isArray(ratios) || ratios.length === 0) throw new ConfigError(`must be a non-empty list of numbers, e.g. [0.8, 0.1, 0.1]`, where);
  for (const r of ratios) {
    if (typeof r !== 'number' || !(r > 0 && r < 1)) throw new ConfigError(`each ratio must be a number in (0, 1); got ${JSON.stringify(ratios)}`, where);
  }
  const sum = ratios.reduce((a, b) => a + b, 0);
  const eps = 1e-9;
  if (sum > 1 + eps) throw new ConfigError(`ratios sum to ${sum}, more than 1`, where);
  const out = [...ratios];
  if (sum < 1 - eps) out.push(1 - sum);
  if (out.length < 2) throw new ConfigError(`need at least two parts; got ${JSON.stringify(ratios)}`, where);
  return out;
}

/**
 * Splits the rows of a `3 * n` triple array into parts (part 0 is training) and returns the row
 * indices of each part, ascending.
 *
 * Rule: rows are shuffled with a seeded stream (`childRng(seed, 'split')`) and cut at the
 * cumulative ratios (rounded). Then every later part is scanned in shuffled order and a row whose
 * head, relation or tail does not yet occur in training is moved into training. Moving only adds
 * to what training covers, so one pass suffices, and afterwards every entity and relation of
 * every part occurs in training. Later parts can therefore end up smaller than their ratio.
 */
export function splitTripleIndices(
  triples: Int32Array,
  numEntities: number,
  numRelations: number,
  ratios: readonly number[],
  seed: number,
): Int32Array[] {
  const parts = normalizeRatios(ratios);
  const n = triples.length / 3;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, childRng(seed, 'split'));

  const bounds: number[] = [];
  let cum = 0;
  for (let k = 0; k < parts.length - 1; k++) {
    cum += parts[k]!;
    bounds.push(Math.round(cum * n));
  }
  bounds.push(n);

  const seenE = new Uint8Array(numEntities);
  const seenR = new Uint8Array(numRelations);
  const train: number[] = [];
  for (let i = 0; i < bounds[0]!; i++) {
    const row = order[i]!;
    train.push(row);
    seenE[triples[3 * row]!] = 1;
    seenR[triples[3 * row + 1]!] = 1;
    seenE[triples[3 * row + 2]!] = 1;
  }
  const others: number[][] = [];
  for (let k = 1; k < parts.length; k++) {
    const kept: number[] = [];
    for (let i = bounds[k - 1]!; i < bounds[k]!; i++) {
      const row = order[i]!;
      const h = triples[3 * row]!;
      const r = triples[3 * row + 1]!;
      const t = triples[3 * row + 2]!;
      if (seenE[h] && seenR[r] && seenE[t]) {
        kept.push(row);
      } else {
        train.push(row);
        seenE[h] = 1;
        seenR[r] = 1;
        seenE[t] = 1;
      }
    }
    others.push(kept);
  }
  return [train, ...others].map((rows) => Int32Array.from(rows).sort());
}
