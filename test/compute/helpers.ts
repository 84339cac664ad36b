import { columns } from '../../src/training/engines/tfjs-engine.js';
import { tf } from '../../src/compute/tf.js';
import { createRng, type Rng } from '../../src/util/random.js';
import { modelRegistry, type Model } from '../../src/models/model.js';
import { RowGradients } from '../../src/training/row-gradients.js';
import type { ModelGradients } from '../../src/training/engines/engine.js';

/** The fused interactions under test: model name, kwargs, and a label. */
export const CASES = [
  { label: 'TransE-L1', model: 'TransE', kwargs: { scoring_fct_norm: 1 } },
  { label: 'TransE-L2', model: 'TransE', kwargs: { scoring_fct_norm: 2 } },
  { label: 'DistMult', model: 'DistMult', kwargs: {} },
  { label: 'ComplEx', model: 'ComplEx', kwargs: {} },
  { label: 'RotatE', model: 'RotatE', kwargs: {} },
] as const;

export function makeModel(name: string, kwargs: Record<string, unknown>, dim: number, numEntities: number, numRelations: number, seed = 1): Model {
  return modelRegistry.create(name, { embedding_dim: dim, ...kwargs }, { numEntities, numRelations, rng: createRng(seed) });
}

/** Random triples (3*m ids) with repeated rows, so gradient summation is exercised. */
export function randomTriples(rng: Rng, m: number, numEntities: number, numRelations: number): Int32Array {
  const out = new Int32Array(3 * m);
  for (let i = 0; i < m; i++) {
    out[3 * i] = rng.int(numEntities);
    out[3 * i + 1] = rng.int(numRelations);
    out[3 * i + 2] = rng.int(numEntities);
  }
  return out;
}

export function newGrads(model: Model): ModelGradients {
  return {
    entities: new RowGradients(model.numEntities, model.entities.width),
    relations: new RowGradients(model.numRelations, model.relations.width),
  };
}

/** Dense copy of a RowGradients (rows never touched are zero). */
export function dense(g: RowGradients): Float32Array {
  const out = new Float32Array(g.numRows * g.width);
  const ids = g.ids;
  const v = g.values;
  for (let k = 0; k < ids.length; k++) out.set(v.subarray(k * g.width, (k + 1) * g.width), ids[k]! * g.width);
  return out;
}

/**
 * max |a - b| / (|b| + floor): relative error with an absolute floor, so entries that cancel to
 * ~0 are not held to a relative bound they cannot meet in float32.
 */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + floor);
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}

export function meanAbs(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s / Math.max(1, a.length);
}

/** Columns of 3*m triples as dense row tensors, gathered in JS like the tfjs engine does. */
export function tripleTensors(model: Model, triples: Int32Array): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, Int32Array, Int32Array, Int32Array] {
  const m = triples.length / 3;
  const [h, r, t] = columns(triples);
  const we = model.entities.width;
  const wr = model.relations.width;
  return [
    tf.tensor2d(model.entities.gather(h), [m, we]),
    tf.tensor2d(model.relations.gather(r), [m, wr]),
    tf.tensor2d(model.entities.gather(t), [m, we]),
    h,
    r,
    t,
  ];
}
