/**
 * Runs one tile task (a block of queries against all entities) across the calling thread and
 * `numWorkers - 1` worker threads. All participants instantiate the same kernel module over the
 * same shared WebAssembly memory, so the entity table exists once; each scores a disjoint range
 * of entities. Hand-off is a generation counter in a small shared Int32Array (Atomics.wait /
 * notify), so the calling thread stays synchronous, as the Scorer interface requires.
 *
 * The worker source is a string run with `eval: true`: it needs no loader (plain node, tsx,
 * vitest and the built package all run it) and shares the tile driver below with the caller.
 */
import { Worker } from 'node:worker_threads';
import { KgeError } from '../../errors.js';

/** Control block slots. */
const GEN = 0;
const PENDING = 1;
const STOP = 2;
const MODE = 3;
const Q = 4;
const NQ = 5;
const E = 6;
const N = 7;
const STRIDE = 8;
const OUT = 9;
const LDO = 10;
const QN = 11;
const EN = 12;
const PARTS = 13;
const BLOCK = 14;
const ERROR = 15;
const CONTROL_INTS = 16;

export const MODE_INDEX = { dot: 0, l1: 1, l2: 2, cmod: 3 } as const;

/**
 * Scores queries [0, nq) (nq a multiple of 4) against participant p's share of the entities,
 * entity block by entity block, so a block stays in cache while every query group passes it.
 * Kept free of outside references: it is also compiled inside the workers from its source.
 */
const TILE_DRIVER = `function runTiles(k, c, p) {
  const pairs = [[k.dot_q4e1, k.dot_q4e2], [k.l1_q4e1, k.l1_q4e2], [k.l2_q4e1, k.l2_q4e2], [k.cmod_q4e1, k.cmod_q4e2]];
  const f = pairs[c[${MODE}]];
  const f1 = f[0], f2 = f[1];
  const q = c[${Q}], nq = c[${NQ}], e = c[${E}], n = c[${N}], stride = c[${STRIDE}];
  const out = c[${OUT}], ldo = c[${LDO}], qn = c[${QN}], en = c[${EN}], parts = c[${PARTS}], block = c[${BLOCK}];
  const lo = Math.floor((p * n) / parts), hi = Math.floor(((p + 1) * n) / parts);
  for (let e0 = lo; e0 < hi; e0 += block) {
    const cnt = Math.min(block, hi - e0);
    const even = cnt & ~1;
    for (let i = 0; i < nq; i += 4) {
      const qa = q + i * stride, oa = out + i * ldo + e0 * 4, qna = qn + i * 4, ena = en + e0 * 4, ea = e + e0 * stride;
      if (even > 0) f2(qa, ea, even, stride, oa, ldo, qna, ena);
      if (cnt > even) f1(qa, ea + even * stride, 1, stride, oa + even * 4, ldo, qna, ena + even * 4);
    }
  }
}`;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const c = new Int32Array(workerData.control);
${TILE_DRIVER}
let k = null;
try {
  k = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } }).exports;
} catch (err) {
  Atomics.store(c, ${ERROR}, 1);
}
let gen = 0;
for (;;) {
  Atomics.wait(c, ${GEN}, gen);
  gen = Atomics.load(c, ${GEN});
  if (Atomics.load(c, ${STOP}) !== 0) break;
  try {
    if (k === null) throw new Error('no instance');
    runTiles(k, c, workerData.index);
  } catch (err) {
    Atomics.store(c, ${ERROR}, 1);
  }
  if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
}
`;

type RunTiles = (k: WebAssembly.Exports, c: Int32Array, p: number) => void;
const runTilesHere = new Function(`return (${TILE_DRIVER});`)() as RunTiles;

export interface TileTask {
  mode: keyof typeof MODE_INDEX;
  /** Byte addresses / strides in the shared memory; see wasm/kernels.ts. */
  q: number;
  nq: number;
  e: number;
  numEntities: number;
  stride: number;
  out: number;
  ldo: number;
  qn: number;
  en: number;
  /** Entity rows per cache block. */
  block: number;
}

/** How long the caller waits for workers before declaring them lost. */
const WAIT_MS = 120_000;

export class TilePool {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  private readonly workers: Worker[] = [];
  private readonly exports: WebAssembly.Exports;
  private disposed = false;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, readonly numParticipants: number) {
    this.exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    for (let p = 1; p < numParticipants; p++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index: p },
        // Workers run only the kernels: no loader hooks or inspector flags of the parent.
        execArgv: [],
      });
      w.unref();
      this.workers.push(w);
    }
  }

  run(task: TileTask): void {
    if (this.disposed) throw new KgeError('the fused scorer was disposed', 'fused scorer');
    const c = this.control;
    c[MODE] = MODE_INDEX[task.mode];
    c[Q] = task.q;
    c[NQ] = task.nq;
    c[E] = task.e;
    c[N] = task.numEntities;
    c[STRIDE] = task.stride;
    c[OUT] = task.out;
    c[LDO] = task.ldo;
    c[QN] = task.qn;
    c[EN] = task.en;
    c[PARTS] = this.numParticipants;
    c[BLOCK] = task.block;
    const helpers = this.workers.length;
    if (helpers > 0) {
      Atomics.store(c, PENDING, helpers);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
    }
    runTilesHere(this.exports, c, 0);
    if (helpers > 0) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const left = Atomics.load(c, PENDING);
        if (left === 0) break;
        if (Date.now() > deadline) throw new KgeError(`${left} scoring worker(s) did not answer within ${WAIT_MS / 1000} s`, 'fused scorer');
        Atomics.wait(c, PENDING, left, 1000);
      }
      if (Atomics.load(c, ERROR) !== 0) throw new KgeError('a scoring worker failed (WebAssembly instance or kernel error)', 'fused scorer');
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const w of this.workers) void w.terminate();
  }
}
