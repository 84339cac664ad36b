import { ConfigError } from '../errors.js';
import type { ParamSpec } from '../registry.js';
import type { Reduction } from './base.js';

/**
 * Reading and range-checking loss arguments. The registry rejects unknown keys and wrong types;
 * these helpers reject values outside a loss's domain, with the key and the bad value in the message,
 * and also guard direct construction (`new FocalLoss({...})`), which bypasses the registry.
 */

export interface Bounds {
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
}

function describeBounds(b: Bounds): string {
  if (b.above !== undefined && b.below !== undefined) return `in the open interval (${b.above}, ${b.below})`;
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`>= ${b.min}`);
  if (b.above !== undefined) parts.push(`> ${b.above}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  if (b.below !== undefined) parts.push(`< ${b.below}`);
  return parts.length ? parts.join(' and ') : 'a finite number';
}

/** A finite number within `bounds`, or `fallback` when the value is absent. */
export function readNumber(where: string, key: string, value: unknown, fallback: number, bounds: Bounds = {}): number {
  if (value === undefined || value === null) return fallback;
  return checkNumber(where, key, value, bounds);
}

/** Like readNumber, but absence stays absent (for optional arguments such as focal `alpha`). */
export function readOptionalNumber(where: string, key: string, value: unknown, bounds: Bounds = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  return checkNumber(where, key, value, bounds);
}

function checkNumber(where: string, key: string, value: unknown, b: Bounds): number {
  const bad = () => new ConfigError(`argument '${key}' must be ${describeBounds(b)}, got ${String(value)}`, where);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`argument '${key}' must be a finite number, got ${typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)}`, where);
  }
  if (b.min !== undefined && value < b.min) throw bad();
  if (b.max !== undefined && value > b.max) throw bad();
  if (b.above !== undefined && value <= b.above) throw bad();
  if (b.below !== undefined && value >= b.below) throw bad();
  return value;
}

/** One of `choices`, or `fallback` when absent. */
export function readChoice<T extends string>(where: string, key: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(
    `argument '${key}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(value)}`,
    where,
  );
}

export function readReduction(where: string, value: unknown): Reduction {
  return readChoice(where, 'reduction', value, ['mean', 'sum'] as const, 'mean');
}

/** Label smoothing epsilon: in [0, 1). */
export function readLabelSmoothing(where: string, value: unknown): number {
  return readNumber(where, 'label_smoothing', value, 0, { min: 0, below: 1 });
}

// ParamSpecs shared by many losses. `reduction` and `label_smoothing` carry no search range on
// purpose: a sweep with default ranges should tune the loss's own hyperparameters only.
export const REDUCTION_PARAM: ParamSpec = {
  name: 'reduction',
  type: 'string',
  default: 'mean',
  description: "'mean' or 'sum' over the batch's loss terms",
};

export const LABEL_SMOOTHING_PARAM: ParamSpec = {
  name: 'label_smoothing',
  type: 'float',
  default: 0,
  description: 'label smoothing epsilon in [0, 1); 0 turns it off',
};

export const MARGIN_ACTIVATION_PARAM: ParamSpec = {
  name: 'margin_activation',
  type: 'string',
  default: 'relu',
  description: "'relu' (hard margin) or 'softplus' (soft margin)",
};
