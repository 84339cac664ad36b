import { afterAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/util/random.js';
import { resolveLoss } from '../../src/losses/index.js';
import { optimizerRegistry } from '../../src/training/optimizers/index.js';
import { train, type SamplerLike } from '../../src/training/trainer.js';
import { TfjsEngine } from '../../src/training/engines/tfjs-engine.js';
import { FusedEngine } from '../../src/training/engines/fused-engine.js';
import type { TrainingEngine } from '../../src/training/engines/engine.js';
import { fusedKernelFor } from '../../src/compute/fused/index.js';
import { CASES, makeModel, maxRelErr, meanAbs, randomTriples } from './helpers.js';

const NE = 19;
const NR = 4;
const DIM = 6;
const TOL = 1e-5;

/** Uniform head-or-tail corruption, enough to feed both engines the same negatives. */
class TestSampler implements SamplerLike {
  constructor(readonly numNegsPerPos: number) {}
  sample(pos: Int32Array, rng: Rng): Int32Array {
    const b = pos.length / 3;
    const out = new Int32Array(3 * b * this.numNegsPerPos);
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < this.numNegsPerPos; j++) {
        const o = 3 * (i * this.numNegsPerPos + j);
        out.set(pos.subarray(3 * i, 3 * i + 3), o);
        out[o + (rng.int(2) === 0 ? 0 : 2)] = rng.int(NE);
      }
    }
    return out;
  }
}

const LOSSES = [
  { name: 'marginranking', family: 'pairwise' },
  { name: 'softplus', family: 'pointwise' },
  { name: 'crossentropy', family: 'setwise' },
  { name: 'nssa', family: 'setwise (adversarial)' },
] as const;
const OPTIMIZERS = [
  { name: 'sgd', kwargs: { lr: 0.1 } },
  { name: 'adagrad', kwargs: { lr: 0.1 } },
  { name: 'adam', kwargs: { lr: 0.01 } },
] as const;

const fusedEngines: FusedEngine[] = [];
afterAll(() => fusedEngines.forEach((e) => e.dispose()));

async function run(c: (typeof CASES)[number], engineKind: 'tfjs' | 'fused', loss: string, opt: (typeof OPTIMIZERS)[number], loop: 'slcwa' | 'lcwa', seed = 3) {
  const model = makeModel(c.model, c.kwargs, DIM, NE, NR, 11);
  const triples = randomTriples(createRng('triples'), 24, NE, NR);
  let engine: TrainingEngine;
  if (engineKind === 'tfjs') engine = new TfjsEngine();
  else {
    const fe = new FusedEngine(fusedKernelFor(model.interaction)!);
    fusedEngines.push(fe);
    engine = fe;
  }
  const factory = optimizerRegistry.create(opt.name, opt.kwargs);
  const losses: number[] = [];
  await train({
    model,
    loss: resolveLoss(loss, {}, { numEntities: NE }),
    engine,
    optimizers: { entities: factory(NE, model.entities.width), relations: factory(NR, model.relations.width) },
    triples,
    loop,
    sampler: new TestSampler(3),
    numEpochs: 4,
    // One batch per epoch, so each epoch loss is one step's loss.
    batchSize: 64,
    seed,
    quiet: true,
    onEpochEnd: (_, l) => void losses.push(l),
  });
  return { losses, entities: model.entities.data, relations: model.relations.data };
}

for (const c of CASES) {
  describe(`${c.label}: fused and tfjs engines agree (sLCWA)`, () => {
    for (const loss of LOSSES) {
      for (const opt of OPTIMIZERS) {
        it(`${loss.name} (${loss.family}) x ${opt.name}: per-step losses and updated rows`, async () => {
          const a = await run(c, 'tfjs', loss.name, opt, 'slcwa');
          const b = await run(c, 'fused', loss.name, opt, 'slcwa');
          expect(a.losses).toHaveLength(4);
          expect(maxRelErr(b.losses, a.losses, 1e-6)).toBeLessThan(TOL);
          expect(maxRelErr(b.entities, a.entities, meanAbs(a.entities))).toBeLessThan(TOL);
          expect(maxRelErr(b.relations, a.relations, meanAbs(a.relations))).toBeLessThan(TOL);
          // Training moved the parameters (else agreement would be trivial).
          if (c.label === 'TransE-L1' || c.label === 'DistMult') {
            // These kernels follow tfjs's float32 op order: the runs are bit-identical.
            expect(b.losses).toEqual(a.losses);
            expect(Array.from(b.entities)).toEqual(Array.from(a.entities));
            expect(Array.from(b.relations)).toEqual(Array.from(a.relations));
          }
          const init = makeModel(c.model, c.kwargs, DIM, NE, NR, 11);
          expect(maxRelErr(b.entities, init.entities.data, meanAbs(init.entities.data))).toBeGreaterThan(1e-3);
        });
      }
    }
  });

  describe(`${c.label}: fused and tfjs engines agree (LCWA)`, () => {
    for (const loss of ['bcewithlogits', 'crossentropy']) {
      it(`${loss} x adam`, async () => {
        const a = await run(c, 'tfjs', loss, OPTIMIZERS[2], 'lcwa');
        const b = await run(c, 'fused', loss, OPTIMIZERS[2], 'lcwa');
        // TransE-L2 forward ranks through |q|^2 + |e|^2 - 2 q.e (a little cancellation).
        const tol = c.label === 'TransE-L2' ? 1e-4 : TOL;
        expect(maxRelErr(b.losses, a.losses, 1e-6)).toBeLessThan(tol);
        expect(maxRelErr(b.entities, a.entities, meanAbs(a.entities))).toBeLessThan(tol);
        expect(maxRelErr(b.relations, a.relations, meanAbs(a.relations))).toBeLessThan(tol);
        if (c.label === 'TransE-L1') expect(Array.from(b.entities)).toEqual(Array.from(a.entities));
      });
    }
  });
}

describe('fused engine determinism', () => {
  it('a fixed seed gives an identical loss curve and identical rows run to run', async () => {
    const a = await run(CASES[0], 'fused', 'marginranking', OPTIMIZERS[2], 'slcwa', 42);
    const b = await run(CASES[0], 'fused', 'marginranking', OPTIMIZERS[2], 'slcwa', 42);
    const c = await run(CASES[0], 'fused', 'marginranking', OPTIMIZERS[2], 'slcwa', 43);
    expect(b.losses).toEqual(a.losses);
    expect(Array.from(b.entities)).toEqual(Array.from(a.entities));
    expect(c.losses).not.toEqual(a.losses);
  });
});
