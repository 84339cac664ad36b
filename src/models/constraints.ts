import { Registry } from '../registry.js';

/** Projects rows back onto a feasible set after an update; applied to touched rows only. */
export type Constraint = (data: Float32Array, width: number, rows?: ArrayLike<number>) => void;

/** Scales each listed row (all rows when omitted) to unit L2 norm; zero rows stay zero. */
export function normalizeRows(data: Float32Array, width: number, rows?: ArrayLike<number>): void {
  const n = rows ? rows.length : data.length / width;
  for (let k = 0; k < n; k++) {
    const off = (rows ? rows[k]! : k) * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += data[off + j]! * data[off + j]!;
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < width; j++) data[off + j]! *= inv;
    }
  }
}

/** Clamps complex entries (re, im halves) to modulus <= 1, as RotatE-style models may ask. */
export function clampComplexModulus(data: Float32Array, width: number, rows?: ArrayLike<number>): void {
  const half = width / 2;
  const n = rows ? rows.length : data.length / width;
  for (let k = 0; k < n; k++) {
    const off = (rows ? rows[k]! : k) * width;
    for (let j = 0; j < half; j++) {
      const re = data[off + j]!;
      const im = data[off + half + j]!;
      const m = Math.sqrt(re * re + im * im);
      if (m > 1) {
        data[off + j] = re / m;
        data[off + half + j] = im / m;
      }
    }
  }
}

export const constraintRegistry = new Registry<Constraint>('constraint');
constraintRegistry.register({ name: 'unit_l2', aliases: ['normalize', 'l2'], description: 'rows scaled to unit L2 norm', params: [], create: () => normalizeRows });
constraintRegistry.register({ name: 'complex_unit_modulus', description: 'complex entries clamped to modulus <= 1', params: [], create: () => clampComplexModulus });
