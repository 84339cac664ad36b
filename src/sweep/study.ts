/**
 * From a parsed sweep file to a prepared study: default ranges expanded, the base config and
 * sample trial configs checked, dataset paths made absolute, and a fingerprint that tells a
 * resumed study from a different one.
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { resolveConfig, setByPath } from '../pipeline/config.js';
import type { PipelineConfig } from '../pipeline/types.js';
import { defaultStudyName, RANGE_FAMILIES } from './config.js';
import { expandDefaultRanges, loadRangeRegistries, type AnyRegistry } from './defaults.js';
import { cloneJson, stableStringify } from './paths.js';
import {
  checkDatasets,
  checkDevices,
  checkMetricSplit,
  checkStudyMetric,
  checkStopperMetric,
  componentChecker,
  probeParams,
  type Probe,
} from './preflight.js';
import { SearchSpace } from './space.js';
import { createStrategy, type Strategy } from './strategies/index.js';
import type { ParamDef, Params, SearchSpec, SweepConfig } from './types.js';

/** Everything a worker on any machine needs to run trials of the study (stored with the study). */
export interface PreparedSweep {
  name: string;
  /** Base config as written (trial configs are base + params, then resolved). */
  base: Record<string, unknown>;
  /** Folder that relative dataset paths in `base` are relative to (the sweep file's). */
  baseDir: string;
  /** The search block with default ranges expanded into `parameters`. */
  search: SearchSpec;
  /** Absolute sweep output folder. */
  output: string;
  /** Whether trial configs go through the pipeline's resolveConfig (off for custom objectives). */
  validate: boolean;
}

export interface PrepareOptions {
  output?: string;
  studyName?: string;
  numTrials?: number;
  timeout?: number;
  validate?: boolean;
  /** Registries for use_default_ranges (default: the built-in ones). */
  registries?: Record<string, AnyRegistry>;
  /**
   * Trials run with the pipeline: also check, before the first trial, that the study metric is
   * one the evaluator produces and that the dataset and the device are available (default false;
   * sweep() sets it unless a custom runner is given).
   */
  pipeline?: boolean;
}

/** Grids up to this size have the components of every point built before the first trial. */
const MAX_BUILT_GRID = 256;

export async function prepareSweep(config: SweepConfig, options: PrepareOptions = {}): Promise<PreparedSweep> {
  const name = options.studyName ?? defaultStudyName(config);
  const output = resolve(options.output ?? config.output ?? join('sweeps', name));
  const validate = options.validate ?? true;
  const search: SearchSpec = {
    ...config.search,
    num_trials: options.numTrials ?? config.search.num_trials,
    timeout: options.timeout ?? config.search.timeout,
  };
  const families = search.use_default_ranges;
  if (families.length > 0) {
    const registries = options.registries ?? (await loadRangeRegistries(families));
    search.parameters = expandDefaultRanges(search.parameters, families, config.base, registries, componentDefaults(config.base));
  }
  const baseDir = config.source ? dirname(resolve(config.source)) : process.cwd();
  const prepared: PreparedSweep = { name, base: config.base, baseDir, search, output, validate };
  const space = new SearchSpace(search.parameters, config.base);
  const strategy = createStrategy(space, search);
  if (search.strategy === 'grid' && search.num_trials === undefined) search.num_trials = strategy.capacity;
  if (validate) {
    const source = config.source ?? 'sweep config';
    const base = resolveConfig(cloneJson(prepared.base), source);
    checkMetricSplit(search.metric, base, source);
    // Every value of every parameter at least once; a grid is checked point by point (components
    // too while that stays cheap).
    let probes = probeParams(space, search.seed);
    if (search.strategy === 'grid') {
      const grid: Probe[] = space.grid().map((params, i) => ({ params, label: `grid point ${i}` }));
      if (grid.length <= MAX_BUILT_GRID) probes = grid;
      else checkTrialConfigs(prepared, grid, source);
    }
    const configs = checkTrialConfigs(prepared, probes, source);
    await checkComponentNames(search.parameters, options.registries, source);
    const build = await componentChecker();
    forEachProbe(configs, source, (c) => {
      build(c);
      checkStopperMetric(c, source);
    });
    if (options.pipeline) {
      checkStudyMetric(search.metric, base, source);
      // Trial configs, not the base: their dataset paths are made absolute, and they carry searched datasets and devices.
      const all = configs.map((c) => c.config);
      await checkDatasets(all, source);
      await checkDevices(all, source);
    }
  }
  return prepared;
}

/** The pipeline's component defaults (model, loss, ...) for a base config that leaves them out. */
function componentDefaults(base: Record<string, unknown>): Record<string, unknown> {
  try {
    return resolveConfig(cloneJson(base)) as unknown as Record<string, unknown>;
  } catch {
    return {}; // an invalid base config is reported with its key by prepareSweep
  }
}

/** Dataset file paths in a sweep file are relative to it; trial configs carry them absolute. */
function absoluteDatasetPaths(config: Record<string, unknown>, dir: string): void {
  const ds = config.dataset;
  if (ds && typeof ds === 'object' && !Array.isArray(ds)) {
    const files = ds as Record<string, unknown>;
    for (const key of ['train', 'valid', 'test']) {
      const p = files[key];
      if (typeof p === 'string' && !isAbsolute(p)) files[key] = resolve(dir, p);
    }
  }
}

interface ProbeConfig extends Probe {
  config: PipelineConfig;
}

/** Catches typos and impossible setups before any training: each probe's trial config must resolve. */
function checkTrialConfigs(prepared: PreparedSweep, probes: readonly Probe[], source: string): ProbeConfig[] {
  return probes.map((probe) => {
    try {
      return { ...probe, config: buildTrialConfig(prepared, probe.params, prepared.output) as unknown as PipelineConfig };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new ConfigError(`the parameters ${JSON.stringify(probe.params)} give an invalid config: ${err.message}`, `${source} search.parameters`);
    }
  });
}

/** Runs a check on each probe config; its error names the probe (e.g. the end of a range) and the params. */
function forEachProbe(configs: readonly ProbeConfig[], source: string, check: (c: PipelineConfig) => void): void {
  for (const { config, params, label } of configs) {
    try {
      check(config);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      throw new ConfigError(
        `trials would fail with ${label} (parameters ${JSON.stringify(params)}): ${err.message}`,
        `${source} search.parameters`,
      );
    }
  }
}

/** A searched component name (`model: [TransE, TransF]`) must exist, or every such trial would fail. */
async function checkComponentNames(defs: readonly ParamDef[], given: Record<string, AnyRegistry> | undefined, source: string): Promise<void> {
  const searched = defs.filter((d) => d.type === 'choice' && d.name in RANGE_FAMILIES);
  if (searched.length === 0) return;
  const registries = given ?? (await loadRangeRegistries([...new Set(searched.map((d) => d.name))]));
  for (const def of searched) {
    const registry = registries[def.name];
    if (!registry) continue;
    for (const value of def.values!) {
      if (typeof value !== 'string' || !registry.has(value)) {
        throw new ConfigError(`unknown ${registry.kind} ${JSON.stringify(value)}; choose from: ${registry.names().join(', ')}`, `${source} search.parameters (${def.name})`);
      }
    }
  }
}

/** Folder of trial `number`'s run. */
export function trialRunDir(output: string, number: number): string {
  return join(output, 'trials', String(number).padStart(4, '0'));
}

/** Base config + params, writing to `runDir`; resolved (defaults filled, keys checked) when validating. */
export function buildTrialConfig(prepared: PreparedSweep, params: Params, runDir: string): Record<string, unknown> {
  const raw = cloneJson(prepared.base);
  for (const [key, value] of Object.entries(params)) setByPath(raw, key, cloneJson(value));
  absoluteDatasetPaths(raw, prepared.baseDir);
  raw.output = runDir;
  return prepared.validate ? (resolveConfig(raw) as unknown as Record<string, unknown>) : raw;
}

/** What identifies a study: changing any of it makes old trials incomparable. */
export function studyFingerprint(prepared: PreparedSweep): string {
  const s = prepared.search;
  const key = stableStringify({
    base: prepared.base,
    parameters: s.parameters,
    metric: s.metric,
    direction: s.direction,
    strategy: s.strategy,
    seed: s.seed,
    tpe: s.strategy === 'tpe' ? s.tpe : undefined,
    validate: prepared.validate,
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export interface StudyPlan {
  space: SearchSpace;
  strategy: Strategy;
  /** Trial budget: num_trials, or the strategy's capacity, or unlimited. */
  maxTrials: number;
}

/** Search space, strategy and budget of a prepared sweep. */
export function planStudy(prepared: PreparedSweep): StudyPlan {
  const space = new SearchSpace(prepared.search.parameters, prepared.base);
  const strategy = createStrategy(space, prepared.search);
  const maxTrials = Math.min(prepared.search.num_trials ?? Infinity, strategy.capacity);
  return { space, strategy, maxTrials };
}
