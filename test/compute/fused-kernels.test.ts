import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/compute/tf.js';
import { createRng } from '../../src/util/random.js';
import { TfjsScorer } from '../../src/models/tfjs-scorer.js';
import { fusedKernelFor, FusedScorer, wasmSimdAvailable } from '../../src/compute/fused/index.js';
import { kernelModuleBytes } from '../../src/compute/fused/wasm/kernels.js';
import { TransEInteraction } from '../../src/models/interactions/transe.js';
import { DistMultInteraction } from '../../src/models/interactions/distmult.js';
import type { Interaction } from '../../src/models/interaction.js';
import { CASES, dense, makeModel, maxRelErr, meanAbs, newGrads, randomTriples, tripleTensors } from './helpers.js';

const NE = 23;
const NR = 5;
const TOL = 1e-5;

/** Gradients of sum_i dS_i f(h_i, r_i, t_i) by tfjs autodiff, scattered into dense tables. */
function tfjsBackward(model: ReturnType<typeof makeModel>, triples: Int32Array, dS: Float32Array): { ent: Float32Array; rel: Float32Array; scores: Float32Array } {
  const [h, r, t, hi, ri, ti] = tripleTensors(model, triples);
  const w = tf.tensor1d(dS);
  const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(model.interaction.score(a, b, c), w)) as tf.Scalar;
  const [gh, gr, gt] = tf.grads(f)([h, r, t]);
  const scores = model.interaction.score(h, r, t).dataSync() as Float32Array;
  const we = model.entities.width;
  const wr = model.relations.width;
  const ent = new Float32Array(model.numEntities * we);
  const rel = new Float32Array(model.numRelations * wr);
  const add = (dst: Float32Array, ids: Int32Array, g: Float32Array, width: number) => {
    for (let k = 0; k < ids.length; k++) for (let j = 0; j < width; j++) dst[ids[k]! * width + j]! += g[k * width + j]!;
  };
  add(ent, hi, gh!.dataSync() as Float32Array, we);
  add(ent, ti, gt!.dataSync() as Float32Array, we);
  add(rel, ri, gr!.dataSync() as Float32Array, wr);
  tf.dispose([h, r, t, w, gh!, gr!, gt!]);
  return { ent, rel, scores };
}

const scorers: { dispose(): void }[] = [];
afterAll(() => scorers.forEach((s) => s.dispose()));

describe('fusedKernelFor', () => {
  it('maps interactions by name and TransE norm, and returns null for others', () => {
    expect(fusedKernelFor(new TransEInteraction(1))!.name).toBe('TransE-L1');
    expect(fusedKernelFor(new TransEInteraction(2))!.name).toBe('TransE-L2');
    expect(fusedKernelFor(new DistMultInteraction())!.name).toBe('DistMult');
    const custom: Interaction = { name: 'MyInteraction', entityWidth: (d) => d, relationWidth: (d) => d, score: (h) => h };
    expect(fusedKernelFor(custom)).toBeNull();
    const oddTransE = { ...custom, name: 'TransE', p: 3 } as Interaction;
    expect(fusedKernelFor(oddTransE)).toBeNull();
  });

  it('emits a valid SIMD module', () => {
    expect(WebAssembly.validate(kernelModuleBytes({ minPages: 1, maxPages: 65536, shared: true }))).toBe(true);
    // Node 20 has WebAssembly SIMD; KGE_FUSED_SIMD=0 turns the kernels off on purpose.
    expect(wasmSimdAvailable()).toBe(process.env.KGE_FUSED_SIMD !== '0');
  });
});

for (const c of CASES) {
  // dim 8: rows a multiple of 4 floats; dim 6: the SIMD tables pad rows (and complex halves).
  for (const dim of [8, 6]) {
    describe(`${c.label} fused kernel, dim ${dim}`, () => {
      const model = makeModel(c.model, c.kwargs, dim, NE, NR, 7 + dim);
      const kernel = fusedKernelFor(model.interaction)!;
      const rng = createRng(`${c.label}/${dim}`);
      const triples = randomTriples(rng, 64, NE, NR);
      if (c.label === 'TransE-L1') {
        // A zero residual (r = 0, t = h): the derivative of |x| at 0 must follow tfjs (step(x, -1) = -1).
        model.relations.row(0).fill(0);
        triples.set([5, 0, 5], 0);
      }
      const dS = Float32Array.from({ length: 64 }, () => rng.next() * 2 - 1);

      it('scoreTriples equals the tfjs interaction', () => {
        const out = new Float32Array(64);
        kernel.scoreTriples(model, triples, out);
        const ref = tfjsBackward(model, triples, dS).scores;
        expect(maxRelErr(out, ref, meanAbs(ref))).toBeLessThan(TOL);
        // Not all equal to one value: the comparison means something.
        expect(new Set(Array.from(ref)).size).toBeGreaterThan(32);
      });

      it('backward equals autodiff, summed per row', () => {
        const g = newGrads(model);
        kernel.backward(model, triples, dS, g);
        const ref = tfjsBackward(model, triples, dS);
        const ent = dense(g.entities);
        const rel = dense(g.relations);
        expect(maxRelErr(ent, ref.ent, meanAbs(ref.ent))).toBeLessThan(TOL);
        expect(maxRelErr(rel, ref.rel, meanAbs(ref.rel))).toBeLessThan(TOL);
        expect(meanAbs(ref.ent)).toBeGreaterThan(1e-3);
        // Exactly the rows the batch touched hold a slot, heads first as in the tfjs engine.
        const touched = new Set<number>();
        for (let i = 0; i < 64; i++) touched.add(triples[3 * i]!).add(triples[3 * i + 2]!);
        expect(new Set(g.entities.ids)).toEqual(touched);
        expect(g.entities.ids[0]).toBe(triples[0]);
      });

      const h = Int32Array.from({ length: 9 }, (_, i) => (i * 5) % NE);
      const r = Int32Array.from({ length: 9 }, (_, i) => i % NR);
      const reference = (side: 'head' | 'tail') => {
        const s = new TfjsScorer(model);
        const out = new Float32Array(9 * NE);
        if (side === 'tail') s.scoreTails(h, r, out);
        else s.scoreHeads(r, h, out);
        s.dispose();
        return out;
      };
      const variants: [string, () => { scoreTails: FusedScorer['scoreTails']; scoreHeads: FusedScorer['scoreHeads'] }][] = [
        ['kernel (blocked JS)', () => ({ scoreTails: (a, b, o) => kernel.scoreTails(model, a, b, o), scoreHeads: (a, b, o) => kernel.scoreHeads(model, a, b, o) })],
        ['FusedScorer SIMD, 1 thread', () => new FusedScorer(kernel, model, { chunk: 4, entityBlock: 6 })],
        ['FusedScorer SIMD, 3 threads', () => new FusedScorer(kernel, model, { numWorkers: 3 })],
        ['FusedScorer JS fallback', () => new FusedScorer(kernel, model, { simd: false })],
      ];
      for (const [name, make] of variants) {
        it(`scoreTails / scoreHeads equal TfjsScorer: ${name}`, () => {
          const s = make();
          if ('dispose' in s) scorers.push(s as FusedScorer);
          if (s instanceof FusedScorer) expect(s.path).toBe(name.includes('JS') || !wasmSimdAvailable() ? 'js' : 'simd');
          for (const side of ['tail', 'head'] as const) {
            const ref = reference(side);
            const out = new Float32Array(9 * NE).fill(NaN);
            if (side === 'tail') s.scoreTails(h, r, out);
            else s.scoreHeads(r, h, out);
            // L2 ranks through |q|^2 + |e|^2 - 2 q.e, which loses a little to cancellation.
            const tol = c.label === 'TransE-L2' ? 1e-4 : TOL;
            expect(maxRelErr(out, ref, meanAbs(ref))).toBeLessThan(tol);
          }
        });
      }

      it('backwardTails equals autodiff of the all-entity scores', () => {
        const b = 3;
        const qh = h.subarray(0, b);
        const qr = r.subarray(0, b);
        const G = Float32Array.from({ length: b * NE }, () => rng.next() - 0.5);
        const g = newGrads(model);
        kernel.backwardTails(model, qh, qr, G, g);
        const we = model.entities.width;
        const wr = model.relations.width;
        const H = tf.tensor2d(model.entities.gather(qh), [b, we]);
        const R = tf.tensor2d(model.relations.gather(qr), [b, wr]);
        const E = tf.tensor2d(model.entities.data, [NE, we]);
        const W = tf.tensor2d(G, [b, NE]);
        const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.sum(tf.mul(model.interaction.score(tf.expandDims(x, 1), tf.expandDims(y, 1), tf.expandDims(z, 0)), W)) as tf.Scalar;
        const [gh, gr, ge] = tf.grads(f)([H, R, E]);
        const ent = Float32Array.from(ge!.dataSync());
        const rel = new Float32Array(NR * wr);
        const ghv = gh!.dataSync();
        const grv = gr!.dataSync();
        for (let i = 0; i < b; i++) {
          for (let j = 0; j < we; j++) ent[qh[i]! * we + j]! += ghv[i * we + j]!;
          for (let j = 0; j < wr; j++) rel[qr[i]! * wr + j]! += grv[i * wr + j]!;
        }
        tf.dispose([H, R, E, W, gh!, gr!, ge!]);
        expect(g.entities.count).toBe(NE);
        expect(maxRelErr(dense(g.entities), ent, meanAbs(ent))).toBeLessThan(TOL);
        expect(maxRelErr(dense(g.relations), rel, meanAbs(rel))).toBeLessThan(TOL);
      });
    });
  }
}
