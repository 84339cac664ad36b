import { ConfigError } from './errors.js';

/** One hyperparameter of a registered component: its default and the range a sweep may search. */
export interface ParamSpec {
  name: string;
  type: 'float' | 'int' | 'bool' | 'string' | 'choice' | 'number[]' | 'object';
  default?: unknown;
  description?: string;
  /** Default search range for sweeps (`use_default_ranges`). */
  low?: number;
  high?: number;
  step?: number;
  log?: boolean;
  values?: readonly unknown[];
}

export interface RegistryEntry<T, C = void> {
  /** Canonical name, as listed by `kge ls`. */
  name: string;
  create: (kwargs: Record<string, unknown>, context: C) => T;
  description?: string;
  /** Sub-family, e.g. `pointwise` for a loss. Free text, shown by `kge ls`. */
  family?: string;
  /** Declared keyword arguments. Any kwarg not listed here is rejected. */
  params?: readonly ParamSpec[];
  aliases?: readonly string[];
}

/**
 * The one name -> factory mechanism every component family uses (losses, models, samplers,
 * optimizers, ...). Names are matched case-, dash-, underscore- and space-insensitively, and an
 * optional family suffix (e.g. `Loss` in `Focal_Loss`) is ignored, as PyKEEN users expect.
 */
export class Registry<T, C = void> {
  private readonly entries = new Map<string, RegistryEntry<T, C>>();
  private readonly lookup = new Map<string, string>();

  /** @param kind what the registry holds, used in messages ("loss"). @param suffix optional name suffix to ignore. */
  constructor(readonly kind: string, readonly suffix?: string) {}

  normalize(name: string): string {
    let key = String(name).toLowerCase().replace(/[-_\s.]/g, '');
    const suffix = this.suffix?.toLowerCase();
    if (suffix && key.endsWith(suffix) && key.length > suffix.length) key = key.slice(0, -suffix.length);
    return key;
  }

  register(entry: RegistryEntry<T, C>, options: { replace?: boolean } = {}): this {
    const key = this.normalize(entry.name);
    if (this.entries.has(key) && !options.replace) {
      throw new ConfigError(`a ${this.kind} named '${entry.name}' is already registered (pass {replace: true} to override)`);
    }
    this.entries.set(key, entry);
    this.lookup.set(key, key);
    for (const alias of entry.aliases ?? []) this.lookup.set(this.normalize(alias), key);
    return this;
  }

  has(name: string): boolean {
    return this.lookup.has(this.normalize(name));
  }

  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  list(): RegistryEntry<T, C>[] {
    return [...this.entries.values()];
  }

  get(name: string, where?: string): RegistryEntry<T, C> {
    const key = this.lookup.get(this.normalize(name));
    if (key === undefined) {
      const guess = closest(this.normalize(name), [...this.lookup.keys()]);
      const hint = guess ? ` (did you mean '${this.entries.get(this.lookup.get(guess)!)!.name}'?)` : '';
      throw new ConfigError(`unknown ${this.kind} '${name}'${hint}; choose one of: ${this.names().join(', ')}`, where);
    }
    return this.entries.get(key)!;
  }

  /** Checks kwargs against the declared params (unknown keys and wrong types are errors), fills defaults, and builds. */
  create(name: string, kwargs: Record<string, unknown> = {}, context?: C, where?: string): T {
    // `where` names the kwargs key (loss_kwargs); an unknown name belongs to its sibling (loss).
    const entry = this.get(name, where?.replace(/_kwargs$/, ''));
    const args = checkKwargs(entry, kwargs ?? {}, where ?? `${this.kind} '${entry.name}'`);
    return entry.create(args, context as C);
  }
}

function checkKwargs<T, C>(entry: RegistryEntry<T, C>, kwargs: Record<string, unknown>, where: string): Record<string, unknown> {
  if (!entry.params) return { ...kwargs };
  const out: Record<string, unknown> = {};
  const known = new Map(entry.params.map((p) => [p.name, p]));
  for (const [key, value] of Object.entries(kwargs)) {
    const spec = known.get(key);
    if (!spec) {
      const choices = entry.params.map((p) => p.name).join(', ') || '(none)';
      const guess = closest(key, entry.params.map((p) => p.name));
      throw new ConfigError(`unknown argument '${key}' for ${entry.name}${guess ? ` (did you mean '${guess}'?)` : ''}; accepted: ${choices}`, where);
    }
    if (value !== undefined && value !== null) checkType(spec, value, where);
    out[key] = value;
  }
  for (const spec of entry.params) if (!(spec.name in out) && spec.default !== undefined) out[spec.name] = spec.default;
  return out;
}

function checkType(spec: ParamSpec, value: unknown, where: string): void {
  // String() for numbers keeps NaN and Infinity readable (JSON.stringify turns them into null).
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  const bad = (expected: string) => new ConfigError(`argument '${spec.name}' must be ${expected}, got ${shown}`, where);
  switch (spec.type) {
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a finite number');
      break;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw bad('an integer');
      break;
    case 'bool':
      if (typeof value !== 'boolean') throw bad('true or false');
      break;
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      break;
    case 'choice':
      if (spec.values && !spec.values.includes(value)) throw bad(`one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`);
      break;
    default:
      break;
  }
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The nearest candidate within max(2, a third of the word's length) edits, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
