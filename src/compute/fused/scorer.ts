/**
 * Fast all-entity scoring for evaluation (and LCWA training): the entity table is copied once
 * into a shared WebAssembly memory with rows padded to 16 bytes, each query (h, r) or (r, t)
 * becomes one query vector (see RankingForm), and SIMD microkernels score 4 queries x 2
 * entities per step over cache-sized entity blocks, split across `numWorkers` threads.
 * Without WebAssembly SIMD it runs the blocked JS path of ranking-js.ts on the calling thread.
 *
 * The table copy is taken at construction (like TfjsScorer); call sync() after the model changes.
 */
import type { Model } from '../../models/model.js';
import type { Scorer } from '../../evaluation/scorer.js';
import type { FusedKernel, RankingForm } from './kernel.js';
import { scoreAllJs, type Side } from './ranking-js.js';
import { kernelModule, MAX_PAGES, PAGE_BYTES } from './wasm/module.js';
import { NORM_EPS } from './wasm/kernels.js';
import { TilePool } from './pool.js';

export interface FusedScorerOptions {
  /** Threads that score (the calling one included); default 1. */
  numWorkers?: number;
  /** Use the SIMD kernels when available; default true. */
  simd?: boolean;
  /** Queries per kernel dispatch; default: up to 256, within 64 MiB of scores. */
  chunk?: number;
  /** Entity rows per cache block; default ~64 KiB of rows. */
  entityBlock?: number;
}

const align16 = (n: number) => (n + 15) & ~15;
const roundUp4 = (n: number) => (n + 3) & ~3;
const CHUNK_SCORE_BYTES = 64 * 1024 * 1024;
const BLOCK_BYTES = 64 * 1024;

/** Where things sit in the shared memory (byte offsets). */
interface Layout {
  /** Floats per padded row; for complex rows each half is padded to `half`. */
  stride: number;
  half: number;
  chunk: number;
  e: number;
  en: number;
  q: number;
  qn: number;
  out: number;
  bytes: number;
}

export class FusedScorer implements Scorer {
  readonly numEntities: number;
  /** 'simd' or 'js': which path scores. */
  readonly path: 'simd' | 'js';
  readonly numWorkers: number;
  private readonly form: RankingForm;
  private readonly width: number;
  private layout: Layout | null = null;
  private memory: WebAssembly.Memory | null = null;
  private f32: Float32Array | null = null;
  private pool: TilePool | null = null;
  private readonly block: number;
  /** Score added back per query when complex halves are padded (cmod counts padded pairs). */
  private padCorrection = 0;
  private readonly qScratch: Float32Array;

  constructor(kernel: FusedKernel, private readonly model: Model, options: FusedScorerOptions = {}) {
    this.form = kernel.ranking;
    this.numEntities = model.numEntities;
    this.width = model.entities.width;
    this.numWorkers = Math.max(1, Math.floor(options.numWorkers ?? 1));
    this.qScratch = new Float32Array(this.width);
    const module = options.simd === false ? null : kernelModule();
    const layout = module ? this.plan(options.chunk) : null;
    if (module && layout) {
      this.layout = layout;
      this.memory = new WebAssembly.Memory({ initial: layout.bytes / PAGE_BYTES, maximum: layout.bytes / PAGE_BYTES, shared: true });
      this.f32 = new Float32Array(this.memory.buffer);
      this.pool = new TilePool(module, this.memory, this.numWorkers);
      this.path = 'simd';
      if (this.form.mode === 'cmod') {
        const pads = layout.half - this.width / 2;
        this.padCorrection = pads * Math.fround(Math.sqrt(Math.fround(NORM_EPS)));
      }
    } else {
      this.path = 'js';
    }
    const strideBytes = (this.layout?.stride ?? this.width) * 4;
    this.block = Math.max(2, (options.entityBlock ?? Math.floor(BLOCK_BYTES / strideBytes)) & ~1);
    this.sync();
  }

  /** Re-copies the entity table (and its norms) from the model. */
  sync(): void {
    const L = this.layout;
    const F = this.f32;
    if (!L || !F) return;
    const E = this.model.entities.data;
    const w = this.width;
    const n = this.numEntities;
    const base = L.e / 4;
    if (!this.form.complex && L.stride === w) {
      F.set(E, base);
    } else {
      for (let e = 0; e < n; e++) this.copyRow(E, e * w, F, base + e * L.stride, L);
    }
    if (this.form.mode === 'l2') {
      const en = L.en / 4;
      for (let e = 0; e < n; e++) {
        let s = 0;
        for (let j = 0, o = base + e * L.stride; j < L.stride; j++) s += F[o + j]! * F[o + j]!;
        F[en + e] = s;
      }
    }
  }

  scoreTails(h: Int32Array, r: Int32Array, out: Float32Array): void {
    this.score(h, r, 'tail', out);
  }

  scoreHeads(r: Int32Array, t: Int32Array, out: Float32Array): void {
    this.score(r, t, 'head', out);
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
    this.memory = null;
    this.f32 = null;
  }

  private plan(chunkOption?: number): Layout | null {
    const w = this.width;
    const n = this.numEntities;
    const complex = this.form.complex;
    const half = complex ? roundUp4(w / 2) : 0;
    const stride = complex ? 2 * half : roundUp4(w);
    const autoChunk = Math.floor(CHUNK_SCORE_BYTES / (4 * Math.max(1, n)));
    const chunk = Math.max(4, roundUp4(Math.min(chunkOption ?? 256, Math.max(4, autoChunk))));
    let at = 0;
    const take = (bytes: number) => {
      const start = at;
      at = align16(at + bytes);
      return start;
    };
    const e = take(n * stride * 4);
    const en = take(n * 4);
    const q = take(chunk * stride * 4);
    const qn = take(chunk * 4);
    const out = take(chunk * n * 4);
    const pages = Math.ceil(at / PAGE_BYTES);
    if (pages > MAX_PAGES) return null;
    return { stride, half, chunk, e, en, q, qn, out, bytes: pages * PAGE_BYTES };
  }

  private copyRow(src: Float32Array, s: number, F: Float32Array, d: number, L: Layout): void {
    const w = this.width;
    if (this.form.complex) {
      const h = w / 2;
      for (let j = 0; j < h; j++) {
        F[d + j] = src[s + j]!;
        F[d + L.half + j] = src[s + h + j]!;
      }
    } else {
      for (let j = 0; j < w; j++) F[d + j] = src[s + j]!;
    }
  }

  private score(a: Int32Array, b: Int32Array, side: Side, out: Float32Array): void {
    const nq = a.length;
    const n = this.numEntities;
    if (out.length < nq * n) throw new RangeError(`score buffer holds ${out.length} floats, ${nq} x ${n} needed`);
    const L = this.layout;
    const F = this.f32;
    if (!L || !F || !this.pool) {
      scoreAllJs(this.form, this.model, a, b, side, out);
      return;
    }
    const qBase = L.q / 4;
    for (let c0 = 0; c0 < nq; c0 += L.chunk) {
      const rows = Math.min(L.chunk, nq - c0);
      const padded = roundUp4(rows);
      F.fill(0, qBase, qBase + padded * L.stride);
      for (let i = 0; i < rows; i++) {
        const q = this.qScratch;
        if (side === 'tail') this.form.tailQuery(this.model, a[c0 + i]!, b[c0 + i]!, q, 0);
        else this.form.headQuery(this.model, a[c0 + i]!, b[c0 + i]!, q, 0);
        this.copyRow(q, 0, F, qBase + i * L.stride, L);
        if (this.form.mode === 'l2') {
          let s = 0;
          for (let j = 0; j < this.width; j++) s += q[j]! * q[j]!;
          F[L.qn / 4 + i] = s;
        }
      }
      this.pool.run({
        mode: this.form.mode,
        q: L.q,
        nq: padded,
        e: L.e,
        numEntities: n,
        stride: L.stride * 4,
        out: L.out,
        ldo: n * 4,
        qn: L.qn,
        en: L.en,
        block: this.block,
      });
      const dst = out.subarray(c0 * n, (c0 + rows) * n);
      dst.set(F.subarray(L.out / 4, L.out / 4 + rows * n));
      if (this.padCorrection !== 0) for (let k = 0; k < dst.length; k++) dst[k]! += this.padCorrection;
    }
  }
}
