/**
 * Kernels registered over tfjs's own where they are missing, wrong or too slow for embedding
 * work, so user code with tf.gather (custom interactions, losses) trains on every backend:
 * - cpu: UnsortedSegmentSum (the gather gradient) allocates temporaries per segment, which
 *   takes minutes for a 15k-row table; replaced by one pass over the rows.
 * - wasm: UnsortedSegmentSum does not exist (gather gradients fail); added.
 * - wasm: GatherV2 with batchDims > 0 returns wrong values; such calls are computed here,
 *   the others still go to the wasm kernel.
 * kge's own engines do not gather inside tfjs graphs, so they do not depend on these.
 */
import { tf } from './tf.js';

type Typed = Float32Array | Int32Array | Uint8Array;
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}
interface Backend {
  readSync(dataId: object): unknown;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** out[seg] += x[i] for each leading index i of segment ids[i]; ids out of range are dropped (as TF does). */
export function segmentSum(x: ArrayLike<number>, ids: ArrayLike<number>, numSegments: number, inner: number, out: Float32Array | Int32Array): void {
  for (let i = 0; i < ids.length; i++) {
    const seg = ids[i]!;
    if (seg < 0 || seg >= numSegments) continue;
    const o = seg * inner;
    const s = i * inner;
    for (let j = 0; j < inner; j++) out[o + j]! += x[s + j]!;
  }
}

function segmentSumKernel(args: KernelArgs, makeOutput: (shape: number[], dtype: tf.DataType, values: Typed) => TensorInfo): TensorInfo {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = args.attrs!.numSegments as number;
  const backend = args.backend as Backend;
  const xv = backend.readSync(x.dataId) as Typed;
  const ids = backend.readSync(segmentIds.dataId) as Typed;
  const rest = x.shape.slice(segmentIds.shape.length);
  const inner = size(rest);
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  segmentSum(xv, ids, numSegments, inner, out);
  return makeOutput([numSegments, ...rest], x.dtype, out);
}

/** tf.gather semantics with batch dimensions, on plain arrays. */
export function gatherBatched(x: ArrayLike<number>, xShape: number[], indices: ArrayLike<number>, indicesShape: number[], axis: number, batchDims: number, out: Float32Array | Int32Array): number[] {
  const batch = size(xShape.slice(0, batchDims));
  const outer = size(xShape.slice(batchDims, axis));
  const dim = xShape[axis]!;
  const inner = size(xShape.slice(axis + 1));
  const perBatch = size(indicesShape.slice(batchDims));
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < perBatch; k++) {
        const idx = indices[b * perBatch + k]!;
        if (idx < 0 || idx >= dim) throw new Error(`gather: index ${idx} is outside [0, ${dim})`);
        const src = ((b * outer + o) * dim + idx) * inner;
        const dst = ((b * outer + o) * perBatch + k) * inner;
        for (let j = 0; j < inner; j++) out[dst + j] = x[src + j]!;
      }
    }
  }
  return [...xShape.slice(0, axis), ...indicesShape.slice(batchDims), ...xShape.slice(axis + 1)];
}

function replace(kernelName: string, backendName: string, kernelFunc: (args: KernelArgs) => TensorInfo, keepSetupOf?: tf.KernelConfig): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  // wasm kernels bind their C functions in setupFunc; a wrapper that delegates must keep it.
  tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc, setupFunc: keepSetupOf?.setupFunc, disposeFunc: keepSetupOf?.disposeFunc });
}

let cpuPatched = false;
export function patchCpuKernels(): void {
  if (cpuPatched) return;
  cpuPatched = true;
  replace('UnsortedSegmentSum', 'cpu', (args) =>
    segmentSumKernel(args, (shape, dtype, values) => (args.backend as { makeTensorInfo(s: number[], d: tf.DataType, v: Typed): TensorInfo }).makeTensorInfo(shape, dtype, values)),
  );
}

let wasmPatched = false;
/** Call after the wasm backend module is imported (its kernels must be registered first). */
export function patchWasmKernels(): void {
  if (wasmPatched) return;
  wasmPatched = true;
  const makeOutput = (args: KernelArgs) => (shape: number[], dtype: tf.DataType, values: Typed) =>
    (args.backend as { makeOutput(s: number[], d: tf.DataType, offset?: number, v?: Typed): TensorInfo }).makeOutput(shape, dtype, undefined, values);
  replace('UnsortedSegmentSum', 'wasm', (args) => segmentSumKernel(args, makeOutput(args)));
  const original = tf.getKernel('GatherV2', 'wasm');
  if (!original) return;
  replace('GatherV2', 'wasm', (args) => {
    const batchDims = (args.attrs?.batchDims as number | undefined) ?? 0;
    if (batchDims === 0) return original.kernelFunc(args as never) as TensorInfo;
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const rank = x.shape.length;
    const axis = (((args.attrs!.axis as number) % rank) + rank) % rank;
    const backend = args.backend as Backend;
    const outSize = size(x.shape.slice(0, axis)) * size(indices.shape.slice(batchDims)) * size(x.shape.slice(axis + 1));
    const out = x.dtype === 'int32' ? new Int32Array(outSize) : new Float32Array(outSize);
    const shape = gatherBatched(backend.readSync(x.dataId) as Typed, x.shape, backend.readSync(indices.dataId) as Typed, indices.shape, axis, batchDims, out);
    return makeOutput(args)(shape, x.dtype, out);
  }, original);
}
