/**
 * Sweep files: a base pipeline config plus a `search` block. Parsing is strict: an unknown key,
 * a wrong type or an impossible range is an error that names the key and its line.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { largerIsBetter, resolveMetricPath } from '../evaluation/metrics.js';
import { DEFAULT_TPE } from './strategies/tpe.js';
import type { MedianPrunerSpec, ParamDef, SearchSpec, StrategyName, SweepConfig, TpeSpec } from './types.js';

/** Component families whose registries declare default search ranges, and their kwargs key. */
export const RANGE_FAMILIES: Record<string, string> = {
  model: 'model_kwargs',
  loss: 'loss_kwargs',
  optimizer: 'optimizer_kwargs',
  negative_sampler: 'negative_sampler_kwargs',
};

const SEARCH_KEYS = [
  'strategy', 'num_trials', 'timeout', 'metric', 'direction', 'seed', 'parameters', 'use_default_ranges',
  'study_name', 'storage', 'workers', 'pruner', 'tpe', 'heartbeat_interval', 'heartbeat_timeout', 'max_retries', 'top_k',
] as const;
const PARAM_KEYS = ['name', 'type', 'values', 'low', 'high', 'step', 'log', 'when'] as const;
const PRUNER_KEYS = ['type', 'n_startup_trials', 'n_warmup_steps', 'n_min_trials'] as const;
const TPE_KEYS = ['n_startup_trials', 'gamma', 'n_ei_candidates', 'prior_weight'] as const;

export const DEFAULT_PRUNER: MedianPrunerSpec = { type: 'median', n_startup_trials: 5, n_warmup_steps: 0, n_min_trials: 1 };

/** Maps a key path to `file:line` so messages point into the YAML. */
export type Locate = (path: readonly (string | number)[]) => string;

/** Reads and validates a sweep file. */
export function loadSweepFile(file: string): SweepConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read sweep file: ${(err as Error).message}`, file);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ConfigError(`invalid YAML: ${e.message.split('\n')[0]}`, `${file}:${line}`);
  }
  return parseSweepConfig(doc.toJS(), { source: file, locate: locator(doc, lineCounter, file) });
}

function locator(doc: Document, lc: LineCounter, file: string): Locate {
  return (path) => {
    const dotted = dottedPath(path);
    // Walk to the deepest node that exists; report the line of the key itself where possible.
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        offset = (pair.key as { range?: [number, number, number] }).range?.[0];
        node = pair.value;
      } else if (node && typeof node === 'object' && 'items' in node && typeof part === 'number') {
        const item = (node as { items: unknown[] }).items[part];
        if (!item) break;
        offset = (item as { range?: [number, number, number] }).range?.[0];
        node = item;
      } else break;
    }
    const line = offset !== undefined ? `:${lc.linePos(offset).line}` : '';
    return dotted ? `${file}${line} ${dotted}` : `${file}${line}`;
  };
}

function dottedPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export interface ParseOptions {
  source?: string;
  locate?: Locate;
}

/** Validates a sweep config given as a plain object (YAML already parsed). */
export function parseSweepConfig(raw: unknown, options: ParseOptions = {}): SweepConfig {
  const locate: Locate = options.locate ?? ((p) => dottedPath(p) || 'sweep config');
  if (!isObject(raw)) throw new ConfigError('a sweep file must be a mapping with a base config and a search block', locate([]));
  const { search, output, ...base } = raw;
  if (search === undefined) throw new ConfigError("missing 'search' block (strategy, metric, parameters, ...)", locate([]));
  if (output !== undefined && output !== null && typeof output !== 'string') {
    throw new ConfigError('must be a folder path (the sweep output folder)', locate(['output']));
  }
  return {
    base,
    search: parseSearch(search, base, locate),
    output: typeof output === 'string' ? output : undefined,
    source: options.source,
  };
}

function parseSearch(raw: unknown, base: Record<string, unknown>, locate: Locate): SearchSpec {
  const at = (...p: (string | number)[]) => locate(['search', ...p]);
  const s = checkKeys(raw, SEARCH_KEYS, at());
  const strategy = oneOf(s.strategy ?? 'random', ['grid', 'random', 'tpe'] as const, at('strategy')) as StrategyName;
  const numTrials = s.num_trials === undefined || s.num_trials === null ? undefined : positiveInt(s.num_trials, at('num_trials'));
  const timeout = s.timeout === undefined || s.timeout === null ? undefined : positiveNumber(s.timeout, at('timeout'));
  if (strategy !== 'grid' && numTrials === undefined && timeout === undefined) {
    throw new ConfigError(`strategy '${strategy}' needs num_trials or timeout to know when to stop`, at());
  }
  const metric = normalizeMetric(s.metric ?? 'valid.both.realistic.mrr', at('metric'));
  const direction =
    s.direction === undefined ? (largerIsBetter(metric) ? 'maximize' : 'minimize') : oneOf(s.direction, ['maximize', 'minimize'] as const, at('direction'));
  const seed = s.seed === undefined ? (typeof base.seed === 'number' ? base.seed : 0) : integer(s.seed, at('seed'));
  if (s.parameters !== undefined && !Array.isArray(s.parameters)) throw new ConfigError('must be a list of parameters', at('parameters'));
  const parameters = ((s.parameters ?? []) as unknown[]).map((p, i) => parseParam(p, (...q) => at('parameters', i, ...q)));
  const useDefault = parseUseDefault(s.use_default_ranges, at('use_default_ranges'));
  if (parameters.length === 0 && useDefault.length === 0) {
    throw new ConfigError('nothing to search: list parameters or set use_default_ranges', at());
  }
  const str = (v: unknown, where: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v === '') throw new ConfigError('must be a non-empty string', where);
    return v;
  };
  return {
    strategy,
    num_trials: numTrials,
    timeout,
    metric,
    direction,
    seed,
    parameters,
    use_default_ranges: useDefault,
    study_name: str(s.study_name, at('study_name')),
    storage: str(s.storage, at('storage')),
    workers: s.workers === undefined ? 1 : positiveInt(s.workers, at('workers')),
    pruner: parsePruner(s.pruner, at('pruner')),
    tpe: parseTpe(s.tpe, at('tpe')),
    heartbeat_interval: s.heartbeat_interval === undefined ? 10 : positiveNumber(s.heartbeat_interval, at('heartbeat_interval')),
    heartbeat_timeout: s.heartbeat_timeout === undefined ? 120 : positiveNumber(s.heartbeat_timeout, at('heartbeat_timeout')),
    max_retries: s.max_retries === undefined ? 2 : nonNegativeInt(s.max_retries, at('max_retries')),
    top_k: s.top_k === undefined ? 5 : positiveInt(s.top_k, at('top_k')),
  };
}

/**
 * A metric path always starts with the split: `mrr` and `both.realistic.mrr` mean
 * `valid.both.realistic.mrr`; `hits@10` means `hits_at_10`.
 */
export function normalizeMetric(raw: unknown, where: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ConfigError('must be a metric path such as valid.both.realistic.mrr', where);
  const parts = raw.trim().split('.');
  if (parts[0] === 'valid' || parts[0] === 'test') {
    if (parts.length === 1) throw new ConfigError(`'${raw}' names a split but no metric`, where);
    return `${parts[0]}.${resolveMetricPath(parts.slice(1).join('.'))}`;
  }
  return `valid.${resolveMetricPath(raw.trim())}`;
}

function parseUseDefault(raw: unknown, where: string): string[] {
  if (raw === undefined || raw === null || raw === false) return [];
  const families = Object.keys(RANGE_FAMILIES);
  if (raw === true) return families;
  if (!Array.isArray(raw)) throw new ConfigError(`must be true, false or a list of: ${families.join(', ')}`, where);
  return raw.map((f) => oneOf(f, families, where));
}

function parseParam(raw: unknown, at: (...p: (string | number)[]) => string): ParamDef {
  const p = checkKeys(raw, PARAM_KEYS, at());
  if (typeof p.name !== 'string' || !/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(p.name)) {
    throw new ConfigError('needs a dotted config key, e.g. model_kwargs.embedding_dim', at('name'));
  }
  const name = p.name;
  const type = oneOf(p.type ?? (p.values !== undefined ? 'choice' : undefined), ['choice', 'int', 'float'] as const, at('type'));
  const log = p.log === undefined ? false : bool(p.log, at('log'));
  const when = p.when === undefined ? undefined : parseWhen(p.when, at('when'));
  const here = `parameter '${name}'`;
  if (type === 'choice') {
    for (const k of ['low', 'high', 'step', 'log'] as const) {
      if (p[k] !== undefined) throw new ConfigError(`${here}: '${k}' does not apply to a choice (use values)`, at(k));
    }
    if (!Array.isArray(p.values) || p.values.length === 0) throw new ConfigError(`${here}: a choice needs a non-empty 'values' list`, at('values'));
    return { name, type, values: [...p.values], log: false, when, source: 'user' };
  }
  if (p.values !== undefined) throw new ConfigError(`${here}: 'values' only applies to type choice; an ${type} takes low/high`, at('values'));
  const low = finite(p.low, at('low'), `${here}: needs 'low'`);
  const high = finite(p.high, at('high'), `${here}: needs 'high'`);
  if (!(low <= high)) throw new ConfigError(`${here}: low (${low}) must not exceed high (${high})`, at('high'));
  if (type === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) throw new ConfigError(`${here}: int bounds must be integers`, at('low'));
  if (log && !(low > 0)) throw new ConfigError(`${here}: log scale needs low > 0, got ${low}`, at('low'));
  let step: number | undefined;
  if (p.step !== undefined && p.step !== null) {
    step = type === 'int' ? positiveInt(p.step, at('step')) : positiveNumber(p.step, at('step'));
  }
  return { name, type, low, high, step, log, when, source: 'user' };
}

function parseWhen(raw: unknown, where: string): Record<string, unknown[]> {
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    throw new ConfigError('must map config keys to a value or a list of values, e.g. {model: TransE}', where);
  }
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? [...v] : [v];
  return out;
}

function parsePruner(raw: unknown, where: string): MedianPrunerSpec {
  if (raw === undefined || raw === null || raw === 'none' || raw === false) return { ...DEFAULT_PRUNER, type: 'none' };
  if (raw === 'median') return { ...DEFAULT_PRUNER };
  const p = checkKeys(raw, PRUNER_KEYS, where);
  return {
    type: oneOf(p.type ?? 'median', ['median', 'none'] as const, `${where}.type`),
    n_startup_trials: p.n_startup_trials === undefined ? DEFAULT_PRUNER.n_startup_trials : nonNegativeInt(p.n_startup_trials, `${where}.n_startup_trials`),
    n_warmup_steps: p.n_warmup_steps === undefined ? DEFAULT_PRUNER.n_warmup_steps : nonNegativeInt(p.n_warmup_steps, `${where}.n_warmup_steps`),
    n_min_trials: p.n_min_trials === undefined ? DEFAULT_PRUNER.n_min_trials : positiveInt(p.n_min_trials, `${where}.n_min_trials`),
  };
}

function parseTpe(raw: unknown, where: string): TpeSpec {
  if (raw === undefined || raw === null) return { ...DEFAULT_TPE };
  const t = checkKeys(raw, TPE_KEYS, where);
  const gamma = t.gamma === undefined ? DEFAULT_TPE.gamma : positiveNumber(t.gamma, `${where}.gamma`);
  if (gamma >= 1) throw new ConfigError(`gamma must lie in (0, 1), got ${gamma}`, `${where}.gamma`);
  return {
    n_startup_trials: t.n_startup_trials === undefined ? DEFAULT_TPE.n_startup_trials : nonNegativeInt(t.n_startup_trials, `${where}.n_startup_trials`),
    gamma,
    n_ei_candidates: t.n_ei_candidates === undefined ? DEFAULT_TPE.n_ei_candidates : positiveInt(t.n_ei_candidates, `${where}.n_ei_candidates`),
    prior_weight: t.prior_weight === undefined ? DEFAULT_TPE.prior_weight : positiveNumber(t.prior_weight, `${where}.prior_weight`),
  };
}

/** Default study name: the sweep file's name without extension. */
export function defaultStudyName(config: SweepConfig): string {
  if (config.search.study_name) return config.search.study_name;
  if (config.source) return basename(config.source, extname(config.source));
  if (config.output) return basename(config.output);
  return 'sweep';
}

// --- small validators -------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeys(raw: unknown, keys: readonly string[], where: string): Record<string, unknown> {
  if (!isObject(raw)) throw new ConfigError(`must be a mapping with keys: ${keys.join(', ')}`, where);
  const unknown = Object.keys(raw).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; accepted: ${keys.join(', ')}`, where);
  }
  return raw;
}

function oneOf<T extends string>(v: unknown, choices: readonly T[], where: string): T {
  if (typeof v !== 'string' || !choices.includes(v as T)) {
    throw new ConfigError(`must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`, where);
  }
  return v as T;
}

function finite(v: unknown, where: string, missing: string): number {
  if (v === undefined || v === null) throw new ConfigError(missing, where);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`must be a number, got ${JSON.stringify(v)}`, where);
  return v;
}

function integer(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ConfigError(`must be an integer, got ${JSON.stringify(v)}`, where);
  return v;
}

function positiveInt(v: unknown, where: string): number {
  const n = integer(v, where);
  if (n < 1) throw new ConfigError(`must be a positive integer, got ${n}`, where);
  return n;
}

function nonNegativeInt(v: unknown, where: string): number {
  const n = integer(v, where);
  if (n < 0) throw new ConfigError(`must be 0 or more, got ${n}`, where);
  return n;
}

function positiveNumber(v: unknown, where: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ConfigError(`must be a positive number, got ${JSON.stringify(v)}`, where);
  return v;
}

function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(`must be true or false, got ${JSON.stringify(v)}`, where);
  return v;
}
