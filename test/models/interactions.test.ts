import { describe, expect, it } from 'vitest';
import { tf } from '../../src/compute/tf.js';
import { TransEInteraction } from '../../src/models/interactions/transe.js';
import { DistMultInteraction } from '../../src/models/interactions/distmult.js';
import { ComplExInteraction } from '../../src/models/interactions/complex.js';
import { RotatEInteraction } from '../../src/models/interactions/rotate.js';
import type { Interaction } from '../../src/models/interaction.js';

const h = [0.5, -1, 2];
const r = [1, 0.25, -0.5];
const t = [1, 1, 1];

function score(inter: Interaction, hh: number[], rr: number[], tt: number[]): number {
  return tf.tidy(() => inter.score(tf.tensor2d([hh]), tf.tensor2d([rr]), tf.tensor2d([tt])).dataSync()[0]!);
}

describe('interactions score hand-computed triples', () => {
  it('TransE L1: -(|0.5|+|-1.75|+|0.5|) = -2.75', () => {
    // h + r - t = [0.5, -1.75, 0.5]
    expect(score(new TransEInteraction(1), h, r, t)).toBeCloseTo(-2.75, 6);
  });
  it('TransE L2: -sqrt(0.25 + 3.0625 + 0.25)', () => {
    expect(score(new TransEInteraction(2), h, r, t)).toBeCloseTo(-Math.sqrt(3.5625), 5);
  });
  it('DistMult: 0.5*1*1 + (-1)(0.25)(1) + 2(-0.5)(1) = -0.75', () => {
    expect(score(new DistMultInteraction(), h, r, t)).toBeCloseTo(-0.75, 6);
  });
  it('ComplEx: Re(h r conj(t)) for one complex coordinate', () => {
    // h = 1 + 2i, r = 3 - i, t = -1 + 0.5i: h r = 3 - i + 6i + 2 = 5 + 5i; conj(t) = -1 - 0.5i
    // (5 + 5i)(-1 - 0.5i) = -5 - 2.5i - 5i + 2.5 = -2.5 - 7.5i -> real part -2.5
    expect(score(new ComplExInteraction(), [1, 2], [3, -1], [-1, 0.5])).toBeCloseTo(-2.5, 6);
  });
  it('RotatE: rotating (1, 0) by pi/2 lands on (0, 1), distance to t', () => {
    // h = 1 + 0i rotated by pi/2 -> 0 + 1i; t = 3 + 1i -> |(-3) + 0i| = 3
    expect(score(new RotatEInteraction(), [1, 0], [Math.PI / 2], [3, 1])).toBeCloseTo(-3, 5);
  });
  it('broadcasts a query against all candidates: [B,1,w] x [1,N,w] -> [B,N]', () => {
    const inter = new DistMultInteraction();
    const out = tf.tidy(() =>
      inter.score(tf.tensor3d([[h]]), tf.tensor3d([[r]]), tf.tensor3d([[t, [0, 0, 1], [2, 0, 0]]])).arraySync(),
    ) as number[][];
    expect(out[0]![0]).toBeCloseTo(-0.75, 6);
    expect(out[0]![1]).toBeCloseTo(-1, 6); // 2 * -0.5 * 1
    expect(out[0]![2]).toBeCloseTo(1, 6); // 0.5 * 1 * 2
  });
});
