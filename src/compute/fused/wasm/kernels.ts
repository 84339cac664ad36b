/**
 * The SIMD microkernels behind fused ranking. Each scores a block of 4 query rows against `n`
 * consecutive entity rows and writes a 4 x n tile of scores. Rows are f32, padded to a
 * multiple of 4 floats (16 bytes), so the inner loop is all f32x4 work; the four queries share
 * every entity load, and callers keep the entity block small enough to stay in cache.
 *
 * Every kernel (`dot_q4e1`, `dot_q4e2`, `l1_q4e1`, ...) takes (byte addresses and byte strides):
 *   (q, e, n, stride, out, ldo, qn, en)
 *   q: 4 query rows, `stride` bytes apart; e: first entity row; n >= 1 entity rows `stride`
 *   bytes apart; the score of query i and entity k goes to out + i*ldo + 4k;
 *   qn: 4 query squared norms, en: entity squared norms (l2 only, ignored otherwise).
 *
 * Scores:
 *   dot    sum_j q_j x_j                                   (DistMult, ComplEx)
 *   l1     -sum_j |q_j - x_j|                              (TransE L1)
 *   l2     -sqrt(max(0, |q|^2 + |x|^2 - 2 q.x) + 1e-12)    (TransE L2)
 *   cmod   -sum_j sqrt((q_j - x_j)^2 + (q'_j - x'_j)^2 + 1e-12), primes = the imaginary half
 *          at +stride/2                                    (RotatE)
 */
import { assembleModule, Code, I32, V128 } from './assembler.js';

/** Exported names: `${mode}_q4e1` (4 queries x 1 entity per step) and `${mode}_q4e2` (x 2). */
export type KernelMode = 'dot' | 'l1' | 'l2' | 'cmod';
export type KernelFn = (q: number, e: number, n: number, stride: number, out: number, ldo: number, qn: number, en: number) => void;

/** sqrt(1e-12) is what the tfjs L2 / RotatE definitions add under the root. */
export const NORM_EPS = 1e-12;

type Mode = KernelMode;
const [Q, E, N, STRIDE, OUT, LDO, QN, EN] = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * One kernel: 4 queries x `ents` entities per step of the entity loop (ents = 2 keeps 8
 * independent accumulators in flight, which hides the add latency; the 1-entity form serves
 * an odd last row).
 */
function kernel(mode: Mode, ents: 1 | 2): Code {
  const c = new Code([I32, I32, I32, I32, I32, I32, I32, I32]);
  const eEnd = c.local(I32);
  const j = c.local(I32);
  const span = c.local(I32);
  const eps = c.local(V128);
  const t = c.local(V128);
  const x = [0, 1].map(() => c.local(V128));
  const xi = [0, 1].map(() => c.local(V128));
  const qv = c.local(V128);
  const qi = c.local(V128);
  const qRow = [0, 1, 2, 3].map(() => c.local(I32));
  const acc = [0, 1, 2, 3, 4, 5, 6, 7].map(() => c.local(V128)); // acc[k * 4 + i]

  c.get(E).get(N).get(STRIDE).i32Mul().i32Add().set(eEnd);
  for (let i = 0; i < 4; i++) c.get(Q).i32(i).get(STRIDE).i32Mul().i32Add().set(qRow[i]!);
  // The inner loop covers the whole row, or only its real half for cmod.
  if (mode === 'cmod') c.get(STRIDE).i32(1).i32ShrU().set(span);
  else c.get(STRIDE).set(span);
  c.f32(NORM_EPS).f32x4Splat().set(eps);

  c.loop(); // over entity rows, `ents` at a time
  for (let a = 0; a < 4 * ents; a++) c.f32(0).f32x4Splat().set(acc[a]!);
  c.i32(0).set(j);
  c.loop(); // over 16-byte chunks of the row
  c.get(E).get(j).i32Add().v128Load().set(x[0]!);
  if (ents === 2) c.get(E).get(STRIDE).i32Add().get(j).i32Add().v128Load().set(x[1]!);
  if (mode === 'cmod') {
    for (let k = 0; k < ents; k++) c.get(E).i32(k).get(STRIDE).i32Mul().i32Add().get(j).i32Add().get(span).i32Add().v128Load().set(xi[k]!);
  }
  for (let i = 0; i < 4; i++) {
    c.get(qRow[i]!).get(j).i32Add().v128Load().set(qv);
    if (mode === 'cmod') c.get(qRow[i]!).get(j).i32Add().get(span).i32Add().v128Load().set(qi);
    for (let k = 0; k < ents; k++) {
      const a = acc[k * 4 + i]!;
      c.get(a).get(qv).get(x[k]!);
      if (mode === 'dot' || mode === 'l2') {
        c.f32x4Mul();
      } else if (mode === 'l1') {
        c.f32x4Sub().f32x4Abs();
      } else {
        // sqrt((qr - xr)^2 + (qi - xi)^2 + eps)
        c.f32x4Sub().tee(t).get(t).f32x4Mul();
        c.get(qi).get(xi[k]!).f32x4Sub().tee(t).get(t).f32x4Mul();
        c.f32x4Add().get(eps).f32x4Add().f32x4Sqrt();
      }
      c.f32x4Add().set(a);
    }
  }
  c.get(j).i32(16).i32Add().tee(j).get(span).i32LtU().brIf(0);
  c.end();
  // Horizontal sums and the final transform, one store per (query, entity).
  for (let k = 0; k < ents; k++) {
    for (let i = 0; i < 4; i++) {
      c.get(OUT).i32(i).get(LDO).i32Mul().i32Add(); // address
      const a = acc[k * 4 + i]!;
      c.get(a).f32x4ExtractLane(0).get(a).f32x4ExtractLane(1).f32Add();
      c.get(a).f32x4ExtractLane(2).get(a).f32x4ExtractLane(3).f32Add().f32Add();
      if (mode === 'l2') {
        // -sqrt(max(0, qn_i + en_k - 2 dot) + eps)
        c.f32(-2).f32Mul();
        c.get(QN).f32Load(4 * i).f32Add();
        c.get(EN).f32Load(4 * k).f32Add();
        c.f32(0).f32Max().f32(NORM_EPS).f32Add().f32Sqrt().f32Neg();
      } else if (mode !== 'dot') {
        c.f32Neg();
      }
      c.f32Store(4 * k);
    }
  }
  c.get(OUT).i32(4 * ents).i32Add().set(OUT);
  if (mode === 'l2') c.get(EN).i32(4 * ents).i32Add().set(EN);
  c.get(E).get(STRIDE).i32(ents).i32Mul().i32Add().tee(E).get(eEnd).i32LtU().brIf(0);
  c.end();
  return c;
}

/** Module bytes exporting the four kernels over an imported (shared) memory. */
export function kernelModuleBytes(memory: { minPages: number; maxPages: number; shared: boolean }): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      ...(['dot', 'l1', 'l2', 'cmod'] as const).flatMap((m) => [
        { name: `${m}_q4e1`, code: kernel(m, 1) },
        { name: `${m}_q4e2`, code: kernel(m, 2) },
      ]),
    ],
    memory,
  );
}
