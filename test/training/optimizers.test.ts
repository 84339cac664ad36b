import { describe, expect, it } from 'vitest';
import { RowGradients } from '../../src/training/row-gradients.js';
import { optimizerRegistry } from '../../src/training/optimizers/index.js';

function grads(rows: [number, number[]][], numRows = 4, width = 2): RowGradients {
  const g = new RowGradients(numRows, width);
  for (const [id, v] of rows) g.add(id, Float32Array.from(v), 0);
  return g;
}

describe('row-wise optimizers', () => {
  it('accumulate repeated rows and touch nothing else', () => {
    const g = grads([[1, [1, 2]], [1, [0.5, 0.5]], [3, [1, 1]]]);
    expect(Array.from(g.ids)).toEqual([1, 3]);
    expect(Array.from(g.values)).toEqual([1.5, 2.5, 1, 1]);
    g.reset();
    expect(g.count).toBe(0);
  });

  it('sgd: p -= lr * g on touched rows only', () => {
    const p = new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]);
    optimizerRegistry.create('sgd', { lr: 0.5 })(4, 2).step(p, grads([[2, [2, -2]]]));
    expect(Array.from(p)).toEqual([1, 1, 1, 1, 0, 2, 1, 1]);
  });

  it('adam: first step moves each touched coordinate by ~lr * sign(g); second step matches the formula', () => {
    const lr = 0.1;
    const opt = optimizerRegistry.create('adam', { lr })(4, 2);
    const p = new Float32Array(8);
    opt.step(p, grads([[0, [3, -0.001]]]));
    // After bias correction m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps).
    expect(p[0]).toBeCloseTo(-lr * 3 / (3 + 1e-8), 6);
    expect(p[1]).toBeCloseTo(lr * 0.001 / (0.001 + 1e-8), 5);
    expect(p[2]).toBe(0);
    // Second step with a different gradient, computed by hand.
    const g2 = 1;
    const m = 0.9 * (0.1 * 3) + 0.1 * g2;
    const v = 0.999 * (0.001 * 9) + 0.001 * g2 * g2;
    const mHat = m / (1 - 0.9 ** 2);
    const vHat = v / (1 - 0.999 ** 2);
    const before = p[0]!;
    opt.step(p, grads([[0, [g2, 0]]]));
    expect(p[0]).toBeCloseTo(before - (lr * mHat) / (Math.sqrt(vHat) + 1e-8), 5);
  });

  it('adagrad: p -= lr * g / (sqrt(sum g^2) + eps)', () => {
    const opt = optimizerRegistry.create('adagrad', { lr: 0.1 })(2, 1);
    const p = new Float32Array([0, 0]);
    opt.step(p, grads([[0, [2]]], 2, 1));
    expect(p[0]).toBeCloseTo(-0.1, 6);
    opt.step(p, grads([[0, [1]]], 2, 1));
    expect(p[0]).toBeCloseTo(-0.1 - 0.1 / Math.sqrt(5), 6);
  });

  it('rejects a non-positive learning rate naming the key', () => {
    expect(() => optimizerRegistry.create('adam', { lr: -1 })).toThrow(/optimizer_kwargs\.lr.*-1/);
    expect(() => optimizerRegistry.create('adamw' as string, {})).toThrow(/unknown optimizer 'adamw'.*adam, adagrad, sgd/);
  });
});
