/**
 * The search space: which parameters are active for a partial assignment (conditions), how a
 * value maps to the internal continuous axis the strategies work on, random draws and the grid.
 */
import { ConfigError } from '../errors.js';
import type { Rng } from '../util/random.js';
import { getByPath } from '../pipeline/config.js';
import { stableStringify } from './paths.js';
import type { ParamDef, Params } from './types.js';

/** Component names compare like the registry compares them (case, dashes, underscores ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const norm = (s: string) => s.toLowerCase().replace(/[-_\s.]/g, '');
    return norm(a) === norm(b);
  }
  return stableStringify(a) === stableStringify(b);
}

/** Continuous internal axis of a numeric parameter: log scale when `log`, bins of width `step`. */
export interface Domain {
  lower: number;
  upper: number;
  /** Set for int and stepped float parameters. */
  step?: number;
}

export class SearchSpace {
  readonly names: ReadonlySet<string>;

  constructor(readonly defs: readonly ParamDef[], readonly base: Record<string, unknown> = {}) {
    this.names = new Set(defs.map((d) => d.name));
    checkDefs(defs);
  }

  /** Whether `def` applies given the values chosen so far (searched keys) and the base config (others). */
  isActive(def: ParamDef, params: Params): boolean {
    if (!def.when) return true;
    for (const [key, allowed] of Object.entries(def.when)) {
      let actual: unknown;
      if (this.names.has(key)) {
        if (!(key in params)) return false;
        actual = params[key];
      } else {
        actual = getByPath(this.base, key);
      }
      if (!allowed.some((v) => sameValue(v, actual))) return false;
    }
    return true;
  }

  /** Draws every active parameter uniformly (log-uniformly when `log`). */
  sample(rng: Rng): Params {
    const params: Params = {};
    for (const def of this.defs) {
      if (def.name in params || !this.isActive(def, params)) continue;
      params[def.name] = sampleUniform(def, rng);
    }
    return params;
  }

  /** Every combination of values; conditional parameters only expand where they are active. */
  grid(): Params[] {
    const out: Params[] = [];
    const values = this.defs.map(gridValues);
    const walk = (i: number, params: Params): void => {
      if (i === this.defs.length) {
        out.push({ ...params });
        return;
      }
      const def = this.defs[i]!;
      if (def.name in params || !this.isActive(def, params)) {
        walk(i + 1, params);
        return;
      }
      for (const v of values[i]!) {
        params[def.name] = v;
        walk(i + 1, params);
        delete params[def.name];
      }
    };
    walk(0, {});
    return out;
  }

  /** Number of grid points without building them (for the num_trials check). */
  gridSize(): number {
    return this.grid().length;
  }
}

function checkDefs(defs: readonly ParamDef[]): void {
  const all = new Set(defs.map((d) => d.name));
  const seen = new Map<string, ParamDef>();
  for (const def of defs) {
    const prev = seen.get(def.name);
    // Two definitions of one key are fine only as alternatives (e.g. per model), never both at once.
    if (prev && (!prev.when || !def.when)) {
      throw new ConfigError(`parameter '${def.name}' is defined twice; give each definition a 'when' condition`, 'search.parameters');
    }
    for (const key of Object.keys(def.when ?? {})) {
      if (key === def.name) throw new ConfigError(`parameter '${def.name}' cannot depend on itself`, 'search.parameters');
      // Values are drawn in list order, so a condition can only look at parameters drawn before.
      if (all.has(key) && !seen.has(key)) {
        throw new ConfigError(`parameter '${def.name}': its condition names '${key}', which must be listed before it`, 'search.parameters');
      }
    }
    seen.set(def.name, def);
  }
}

export function domain(def: ParamDef): Domain {
  const low = def.low!;
  const high = def.high!;
  const step = def.type === 'int' ? (def.step ?? 1) : def.step;
  const t = (x: number) => (def.log ? Math.log(x) : x);
  if (step === undefined) return { lower: t(low), upper: t(high) };
  return { lower: t(lowEdge(def, low, step)), upper: t(high + step / 2), step };
}

function lowEdge(def: ParamDef, x: number, step: number): number {
  const edge = x - step / 2;
  return def.log && edge <= 0 ? x / 2 : edge;
}

/** Internal coordinate of a value. */
export function toInternal(def: ParamDef, x: number): number {
  return def.log ? Math.log(x) : x;
}

/** Value for an internal coordinate: back from log scale, snapped to the step grid, clipped. */
export function fromInternal(def: ParamDef, u: number): number {
  const low = def.low!;
  const high = def.high!;
  let x = def.log ? Math.exp(u) : u;
  const step = def.type === 'int' ? (def.step ?? 1) : def.step;
  if (step !== undefined) {
    const k = Math.round((x - low) / step);
    const maxK = Math.floor((high - low) / step + 1e-9);
    x = low + Math.min(Math.max(k, 0), maxK) * step;
    x = def.type === 'int' ? Math.round(x) : Number(x.toPrecision(12));
  }
  return Math.min(Math.max(x, low), high);
}

/** Internal interval covered by a stepped value (its bin), for probability masses. */
export function bin(def: ParamDef, x: number): [number, number] {
  const d = domain(def);
  const step = d.step!;
  const a = Math.max(toInternal(def, lowEdge(def, x, step)), d.lower);
  const b = Math.min(toInternal(def, x + step / 2), d.upper);
  return [a, b];
}

export function sampleUniform(def: ParamDef, rng: Rng): unknown {
  if (def.type === 'choice') return def.values![rng.int(def.values!.length)];
  const d = domain(def);
  return fromInternal(def, d.lower + rng.next() * (d.upper - d.lower));
}

/** Index of a choice value (matching as `sameValue`), or -1. */
export function choiceIndex(def: ParamDef, value: unknown): number {
  return def.values!.findIndex((v) => sameValue(v, value));
}

export function gridValues(def: ParamDef): unknown[] {
  if (def.type === 'choice') return [...def.values!];
  const step = def.type === 'int' ? (def.step ?? 1) : def.step;
  if (step === undefined) {
    throw new ConfigError(
      `float parameter '${def.name}' has no 'step', so a grid cannot enumerate it; add 'step' or use type: choice with values`,
      'search.parameters',
    );
  }
  const out: number[] = [];
  const n = Math.floor((def.high! - def.low!) / step + 1e-9);
  for (let k = 0; k <= n; k++) {
    const x = def.low! + k * step;
    out.push(def.type === 'int' ? Math.round(x) : Number(x.toPrecision(12)));
  }
  return out;
}
