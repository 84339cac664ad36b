import { ConfigError } from '../errors.js';
import { closest } from '../registry.js';
import { CONFIG_SCHEMA, type KeySpec } from './config-schema.js';
import type { PipelineConfig } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fill(spec: Record<string, KeySpec>, raw: Record<string, unknown>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in spec)) {
      const guess = closest(key, Object.keys(spec));
      throw new ConfigError(`unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; valid keys: ${Object.keys(spec).join(', ')}`, where ? `${where}.${key}` : key);
    }
  }
  for (const [key, s] of Object.entries(spec)) {
    const path = where ? `${where}.${key}` : key;
    const value = raw[key];
    if (s.keys) {
      if (value !== undefined && value !== null && !isObject(value)) throw new ConfigError(`must be a mapping, got ${JSON.stringify(value)}`, path);
      out[key] = fill(s.keys, (value as Record<string, unknown>) ?? {}, path);
    } else if (s.freeform) {
      if (value !== undefined && value !== null && !isObject(value)) throw new ConfigError(`must be a mapping of arguments, got ${JSON.stringify(value)}`, path);
      out[key] = { ...((value as Record<string, unknown>) ?? {}) };
    } else {
      out[key] = value === undefined ? structuredClone(s.default) : value;
    }
  }
  return out;
}

function positiveInt(v: unknown, path: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(`must be a positive integer, got ${JSON.stringify(v)}`, path);
}

function oneOf(v: unknown, choices: readonly unknown[], path: string): void {
  if (!choices.includes(v)) throw new ConfigError(`must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`, path);
}

/**
 * Fills defaults and checks every key: unknown keys (typos) and out-of-range values are errors
 * naming the key. Component names and kwargs are checked later by their registries.
 */
export function resolveConfig(raw: unknown, where = ''): PipelineConfig {
  if (raw === undefined || raw === null) raw = {};
  if (!isObject(raw)) throw new ConfigError(`a config must be a mapping of keys, got ${JSON.stringify(raw)}`, where || 'config');
  const prefix = where ? `${where}: ` : '';
  let c: PipelineConfig;
  try {
    c = fill(CONFIG_SCHEMA, raw, '') as unknown as PipelineConfig;
  } catch (e) {
    if (e instanceof ConfigError && prefix) throw new ConfigError(e.message, where);
    throw e;
  }
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed)) throw new ConfigError(`must be an integer, got ${JSON.stringify(c.seed)}`, 'seed');
  oneOf(c.device, ['auto', 'gpu', 'cpu', 'wasm'], 'device');
  oneOf(c.engine, ['auto', 'tfjs', 'fused'], 'engine');
  oneOf(c.training_loop, ['slcwa', 'lcwa'], 'training_loop');
  positiveInt(c.training.num_epochs, 'training.num_epochs');
  positiveInt(c.training.batch_size, 'training.batch_size');
  positiveInt(c.training.num_workers, 'training.num_workers');
  if (!(Number.isInteger(c.training.checkpoint_frequency) && c.training.checkpoint_frequency! >= 0)) {
    throw new ConfigError(`must be an integer >= 0, got ${JSON.stringify(c.training.checkpoint_frequency)}`, 'training.checkpoint_frequency');
  }
  if (c.evaluation.batch_size != null) positiveInt(c.evaluation.batch_size, 'evaluation.batch_size');
  if (c.evaluation.num_negatives != null) positiveInt(c.evaluation.num_negatives, 'evaluation.num_negatives');
  const ks = c.evaluation.ks;
  if (!Array.isArray(ks) || ks.length === 0) throw new ConfigError(`must be a non-empty list of positive integers, got ${JSON.stringify(ks)}`, 'evaluation.ks');
  ks.forEach((k, i) => positiveInt(k, `evaluation.ks[${i}]`));
  const sides = c.evaluation.sides;
  if (!Array.isArray(sides) || sides.length === 0) throw new ConfigError('must list head and/or tail', 'evaluation.sides');
  sides.forEach((s, i) => oneOf(s, ['head', 'tail'], `evaluation.sides[${i}]`));
  const splits = c.evaluation.splits;
  if (!Array.isArray(splits)) throw new ConfigError('must list valid and/or test', 'evaluation.splits');
  splits.forEach((s, i) => oneOf(s, ['valid', 'test'], `evaluation.splits[${i}]`));
  if (typeof c.dataset !== 'string' && !(isObject(c.dataset) && typeof c.dataset.train === 'string')) {
    throw new ConfigError(`must be a dataset name or {train: path, valid: path, test: path}, got ${JSON.stringify(c.dataset)}`, 'dataset');
  }
  if (isObject(c.dataset)) {
    const allowed = ['name', 'train', 'valid', 'test', 'delimiter', 'columns', 'split'];
    for (const k of Object.keys(c.dataset)) if (!allowed.includes(k)) throw new ConfigError(`unknown key '${k}'; valid keys: ${allowed.join(', ')}`, `dataset.${k}`);
  }
  return c;
}

/** Parses a --set value: YAML scalars/lists/maps, so numbers, booleans and [1, 3] work. */
export function parseSetValue(text: string, parse: (s: string) => unknown): unknown {
  try {
    return parse(text);
  } catch {
    return text;
  }
}

/** obj['a']['b']['c'] = value for path 'a.b.c', creating mappings on the way. */
export function setByPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw new ConfigError(`bad key path '${path}'`, '--set');
  let cur: Record<string, unknown> = obj;
  for (const part of parts.slice(0, -1)) {
    // A scalar on the way (e.g. dataset: nations) is replaced by a mapping: --set dataset.train=PATH.
    if (!isObject(cur[part])) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

export function getByPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}
