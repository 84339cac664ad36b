/**
 * `use_default_ranges`: search ranges taken from the component registries, where each
 * component declares a default range next to each hyperparameter (ParamSpec low/high/values).
 */
import { ConfigError } from '../errors.js';
import type { ParamSpec, Registry } from '../registry.js';
import { RANGE_FAMILIES } from './config.js';
import { getByPath } from '../pipeline/config.js';
import type { ParamDef } from './types.js';

// Only the registry's names and declared params are read, so any entry type will do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRegistry = Registry<any, any>;

/** ParamSpec -> searchable definition, or undefined when the spec declares no range. */
function fromSpec(spec: ParamSpec, name: string, when?: Record<string, unknown[]>): ParamDef | undefined {
  if (spec.values && spec.values.length > 0) return { name, type: 'choice', values: [...spec.values], log: false, when, source: 'default' };
  if (spec.type === 'bool') return undefined;
  if (spec.low === undefined || spec.high === undefined) return undefined;
  const type = spec.type === 'int' ? 'int' : 'float';
  return { name, type, low: spec.low, high: spec.high, step: spec.step, log: spec.log ?? false, when, source: 'default' };
}

/**
 * Search definitions for every hyperparameter of `component` that declares a default range.
 * Keys are `${prefix}.${param}` (e.g. `model_kwargs.embedding_dim`); `when` makes them conditional.
 */
export function defaultRanges(registry: AnyRegistry, component: string, prefix: string, when?: Record<string, unknown[]>): ParamDef[] {
  const entry = registry.get(component, 'search.use_default_ranges');
  const out: ParamDef[] = [];
  for (const spec of entry.params ?? []) {
    const def = fromSpec(spec, `${prefix}.${spec.name}`, when);
    if (def) out.push(def);
  }
  return out;
}

/**
 * Adds default-range definitions for the requested families to the user's. For a family whose
 * component is itself searched (`model: [TransE, DistMult]`), each choice gets its own ranges,
 * active only when that choice is drawn. A user definition of the same key wins, and a kwarg the
 * base config fixes (`model_kwargs: {embedding_dim: 64}`) is not searched, as in PyKEEN.
 */
export function expandDefaultRanges(
  userDefs: readonly ParamDef[],
  families: readonly string[],
  rawBase: Record<string, unknown>,
  registries: Record<string, AnyRegistry | undefined>,
  /** Component names the pipeline uses when the base config leaves them out (its defaults). */
  defaults: Record<string, unknown> = {},
): ParamDef[] {
  const out = [...userDefs];
  const userNames = new Set(userDefs.map((d) => d.name));
  for (const family of families) {
    const prefix = RANGE_FAMILIES[family];
    const registry = registries[family];
    if (!prefix || !registry) {
      throw new ConfigError(`no registry with default ranges for '${family}'`, 'search.use_default_ranges');
    }
    const fixed = (key: string) => getByPath(rawBase, key) !== undefined;
    const add = (defs: ParamDef[]) => {
      for (const def of defs) if (!userNames.has(def.name) && !fixed(def.name)) out.push(def);
    };
    const searched = userDefs.filter((d) => d.name === family);
    if (searched.length > 0) {
      for (const def of searched) {
        if (def.type !== 'choice') throw new ConfigError(`'${family}' must be searched as a choice of names`, 'search.parameters');
        for (const component of def.values!) add(defaultRanges(registry, String(component), prefix, { [family]: [component] }));
      }
    } else {
      const component = rawBase[family] ?? defaults[family];
      if (typeof component !== 'string') {
        throw new ConfigError(`use_default_ranges for '${family}' needs '${family}' set in the base config (or its default) or searched`, 'search.use_default_ranges');
      }
      add(defaultRanges(registry, component, prefix));
    }
  }
  return out;
}

/** The registries that declare default ranges, loaded on demand (they pull in model code). */
export async function loadRangeRegistries(families: readonly string[]): Promise<Record<string, AnyRegistry>> {
  const out: Record<string, AnyRegistry> = {};
  for (const family of families) {
    switch (family) {
      case 'model':
        out.model = (await import('../models/index.js')).modelRegistry;
        break;
      case 'loss':
        out.loss = (await import('../losses/index.js')).lossRegistry;
        break;
      case 'optimizer':
        out.optimizer = (await import('../training/index.js')).optimizerRegistry;
        break;
      case 'negative_sampler':
        out.negative_sampler = (await import('../sampling/index.js')).samplerRegistry;
        break;
      default:
        throw new ConfigError(`no registry with default ranges for '${family}'`, 'search.use_default_ranges');
    }
  }
  return out;
}
