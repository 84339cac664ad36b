/** The compiled kernel module, built once per process; null where WebAssembly SIMD is missing. */
import { kernelModuleBytes } from './kernels.js';

/** Largest shared memory the module accepts (wasm32: 4 GiB). */
export const MAX_PAGES = 65536;
export const PAGE_BYTES = 65536;

let cached: WebAssembly.Module | null | undefined;

/**
 * The kernel module, compiled against a shared imported memory of up to MAX_PAGES pages.
 * `KGE_FUSED_SIMD=0` in the environment turns it off (the plain JS kernels run instead).
 */
export function kernelModule(): WebAssembly.Module | null {
  if (cached === undefined) {
    cached = null;
    if (process.env.KGE_FUSED_SIMD !== '0' && typeof WebAssembly === 'object') {
      try {
        const bytes = kernelModuleBytes({ minPages: 1, maxPages: MAX_PAGES, shared: true });
        if (WebAssembly.validate(bytes)) cached = new WebAssembly.Module(bytes);
      } catch {
        cached = null;
      }
    }
  }
  return cached;
}

export function wasmSimdAvailable(): boolean {
  return kernelModule() !== null;
}
