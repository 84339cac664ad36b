/**
 * All-entity scoring in plain JS, cache-blocked: four query vectors at a time against blocks of
 * entity rows, so each entity row loaded serves four queries and a block stays in cache across
 * query groups. This is what FusedKernel.scoreTails/scoreHeads use; FusedScorer runs the same
 * scheme with SIMD kernels on all cores and falls back to this where WebAssembly is missing.
 */
import type { Model } from '../../models/model.js';
import type { RankingForm } from './kernel.js';
import { NORM_EPS } from './wasm/kernels.js';

const fround = Math.fround;

/** Entity rows per block: 256 rows of 128 floats = 128 KiB, well inside a core's L2. */
const ENTITY_BLOCK = 256;

export type Side = 'head' | 'tail';

/**
 * out[i * N + e] = score of query i against entity e, where query i is (a_i, b_i) = (h, r) for
 * tails and (r, t) for heads.
 */
export function scoreAllJs(form: RankingForm, model: Model, a: Int32Array, b: Int32Array, side: Side, out: Float32Array): void {
  const n = model.numEntities;
  const w = model.entities.width;
  const E = model.entities.data;
  const nq = a.length;
  if (out.length < nq * n) throw new RangeError(`score buffer holds ${out.length} floats, ${nq} x ${n} needed`);
  const q = new Float32Array(4 * w);
  const qn = new Float64Array(4);
  const en = form.mode === 'l2' ? squaredNorms(E, n, w) : null;
  for (let g = 0; g < nq; g += 4) {
    const rows = Math.min(4, nq - g);
    q.fill(0);
    for (let i = 0; i < rows; i++) {
      if (side === 'tail') form.tailQuery(model, a[g + i]!, b[g + i]!, q, i * w);
      else form.headQuery(model, a[g + i]!, b[g + i]!, q, i * w);
      if (en) {
        let s = 0;
        for (let j = 0; j < w; j++) s += q[i * w + j]! * q[i * w + j]!;
        qn[i] = s;
      }
    }
    for (let e0 = 0; e0 < n; e0 += ENTITY_BLOCK) {
      const e1 = Math.min(n, e0 + ENTITY_BLOCK);
      switch (form.mode) {
        case 'dot':
          dotTile(q, E, w, e0, e1, out, g * n, n, rows);
          break;
        case 'l1':
          l1Tile(q, E, w, e0, e1, out, g * n, n, rows);
          break;
        case 'l2':
          dotTile(q, E, w, e0, e1, out, g * n, n, rows);
          for (let i = 0; i < rows; i++) {
            const o = (g + i) * n;
            for (let e = e0; e < e1; e++) out[o + e] = -Math.sqrt(Math.max(0, qn[i]! + en![e]! - 2 * out[o + e]!) + NORM_EPS);
          }
          break;
        case 'cmod':
          cmodTile(q, E, w, e0, e1, out, g * n, n, rows);
          break;
      }
    }
  }
}

export function squaredNorms(E: Float32Array, n: number, w: number): Float64Array {
  const out = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    let s = 0;
    for (let j = 0, o = e * w; j < w; j++) s += E[o + j]! * E[o + j]!;
    out[e] = s;
  }
  return out;
}

function store(out: Float32Array, o: number, n: number, rows: number, s0: number, s1: number, s2: number, s3: number): void {
  out[o] = s0;
  if (rows > 1) out[o + n] = s1;
  if (rows > 2) out[o + 2 * n] = s2;
  if (rows > 3) out[o + 3 * n] = s3;
}

function dotTile(q: Float32Array, E: Float32Array, w: number, e0: number, e1: number, out: Float32Array, o0: number, n: number, rows: number): void {
  for (let e = e0; e < e1; e++) {
    const x0 = e * w;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < w; j++) {
      const x = E[x0 + j]!;
      s0 += q[j]! * x;
      s1 += q[w + j]! * x;
      s2 += q[2 * w + j]! * x;
      s3 += q[3 * w + j]! * x;
    }
    store(out, o0 + e, n, rows, s0, s1, s2, s3);
  }
}

/** The residual is rounded to float32 as tfjs's sub does, so L1 scores equal the reference bit for bit. */
function l1Tile(q: Float32Array, E: Float32Array, w: number, e0: number, e1: number, out: Float32Array, o0: number, n: number, rows: number): void {
  for (let e = e0; e < e1; e++) {
    const x0 = e * w;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < w; j++) {
      const x = E[x0 + j]!;
      s0 += Math.abs(fround(q[j]! - x));
      s1 += Math.abs(fround(q[w + j]! - x));
      s2 += Math.abs(fround(q[2 * w + j]! - x));
      s3 += Math.abs(fround(q[3 * w + j]! - x));
    }
    store(out, o0 + e, n, rows, -s0, -s1, -s2, -s3);
  }
}

function cmodTile(q: Float32Array, E: Float32Array, w: number, e0: number, e1: number, out: Float32Array, o0: number, n: number, rows: number): void {
  const half = w >> 1;
  for (let e = e0; e < e1; e++) {
    const x0 = e * w;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < half; j++) {
      const xr = E[x0 + j]!;
      const xi = E[x0 + half + j]!;
      let dr = q[j]! - xr, di = q[half + j]! - xi;
      s0 += Math.sqrt(dr * dr + di * di + NORM_EPS);
      dr = q[w + j]! - xr; di = q[w + half + j]! - xi;
      s1 += Math.sqrt(dr * dr + di * di + NORM_EPS);
      dr = q[2 * w + j]! - xr; di = q[2 * w + half + j]! - xi;
      s2 += Math.sqrt(dr * dr + di * di + NORM_EPS);
      dr = q[3 * w + j]! - xr; di = q[3 * w + half + j]! - xi;
      s3 += Math.sqrt(dr * dr + di * di + NORM_EPS);
    }
    store(out, o0 + e, n, rows, -s0, -s1, -s2, -s3);
  }
}
