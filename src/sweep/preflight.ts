/**
 * Checks made once, before the first trial, of what would otherwise make every trial fail:
 * the metric paths, every component at the ends of its searched ranges, the dataset files and
 * the device. A sweep whose trials all fail the same way wastes its budget and says so late.
 */
import { existsSync } from 'node:fs';
import { ConfigError, DataError, KgeError } from '../errors.js';
import { checkSplitMetric, checkStopperMetric } from '../pipeline/metric-checks.js';
import type { DatasetFiles, PipelineConfig } from '../pipeline/types.js';
import { childRng, type Rng } from '../util/random.js';
import { stableStringify } from './paths.js';
import { choiceIndex, sameValue, sampleUniform, type SearchSpace } from './space.js';
import type { ParamDef, Params } from './types.js';

export { checkSplitMetric, checkStopperMetric };

/** A trial's parameters chosen to exercise one value of one parameter, and a label for messages. */
export interface Probe {
  params: Params;
  label: string;
}

/**
 * Parameter sets that together take every choice value and both ends of every numeric range
 * (each with the conditions that make it active), plus one plain random draw. Values a condition
 * can never activate are left out.
 */
export function probeParams(space: SearchSpace, seed: number): Probe[] {
  const rng = childRng(seed, 'sweep-probe');
  const out: Probe[] = [{ params: space.sample(rng), label: 'a random draw' }];
  for (const def of space.defs) {
    const values = def.type === 'choice' ? def.values! : rangeEnds(def);
    for (const value of values) {
      const params = drawWith(space, def, value, rng);
      if (params) out.push({ params, label: `${def.name} = ${JSON.stringify(value)}` });
    }
  }
  return out;
}

/** Lowest and highest value a numeric parameter can take (the top of the step grid, not `high`). */
export function rangeEnds(def: ParamDef): number[] {
  const low = def.low!;
  const step = def.type === 'int' ? (def.step ?? 1) : def.step;
  let high = def.high!;
  if (step !== undefined) {
    high = low + Math.floor((high - low) / step + 1e-9) * step;
    high = def.type === 'int' ? Math.round(high) : Number(high.toPrecision(12));
  }
  return high === low ? [low] : [low, high];
}

/** The value as the parameter itself spells it (`transe` in a condition -> `TransE`), or undefined if it cannot take it. */
function ownValue(def: ParamDef, value: unknown): unknown {
  if (def.type === 'choice') {
    const i = choiceIndex(def, value);
    return i >= 0 ? def.values![i] : undefined;
  }
  return typeof value === 'number' && value >= def.low! && value <= def.high! ? value : undefined;
}

/**
 * A draw in which `target` is active and equals `value`: the searched keys its condition names
 * (and theirs, in turn) are set to an allowed value; everything else is drawn at random.
 */
function drawWith(space: SearchSpace, target: ParamDef, value: unknown, rng: Rng): Params | undefined {
  const forced = new Map<ParamDef, unknown>([[target, value]]);
  const pending = [target];
  while (pending.length > 0) {
    const def = pending.pop()!;
    for (const [key, allowed] of Object.entries(def.when ?? {})) {
      if (!space.names.has(key)) continue; // a base-config key: nothing to choose
      if ([...forced.keys()].some((d) => d.name === key)) continue;
      for (const dep of space.defs) {
        if (dep.name !== key) continue;
        const v = allowed.map((a) => ownValue(dep, a)).find((a) => a !== undefined);
        if (v === undefined) continue;
        forced.set(dep, v);
        pending.push(dep);
        break;
      }
    }
  }
  const params: Params = {};
  for (const def of space.defs) {
    if (def.name in params || !space.isActive(def, params)) continue;
    params[def.name] = forced.has(def) ? forced.get(def) : sampleUniform(def, rng);
  }
  return target.name in params && sameValue(params[target.name], value) && space.isActive(target, params) ? params : undefined;
}

/** The study metric (`<split>.<...>`) is read from a split that `config` evaluates. */
export function checkMetricSplit(metric: string, config: PipelineConfig, where: string): void {
  const split = metric.split('.')[0];
  const splits = config.evaluation.splits ?? [];
  if (split !== 'valid' && split !== 'test') {
    throw new ConfigError(`the metric '${metric}' must start with a split, valid or test`, `${where} search.metric`);
  }
  if (!splits.includes(split)) {
    throw new ConfigError(
      `the metric '${metric}' is read from the ${split} split, but evaluation.splits is [${splits.join(', ')}]; ` +
        `add ${split} (e.g. evaluation: {splits: [valid, test]})`,
      `${where} evaluation.splits`,
    );
  }
}

/**
 * Checks the study metric (`<split>.<side>.<rank type>.<metric key>`) against a resolved config:
 * the split must be evaluated and the rest must name a metric the evaluator produces.
 */
export function checkStudyMetric(metric: string, config: PipelineConfig, where: string): void {
  checkMetricSplit(metric, config, where);
  checkSplitMetric(metric.split('.').slice(1).join('.'), config, metric, `${where} search.metric`);
}

// --- components ---------------------------------------------------------------------------------

/** Builds every component of a resolved config the way the pipeline does, on a tiny stand-in graph. */
export type ComponentCheck = (config: PipelineConfig) => void;

/**
 * The pipeline's component registries, loaded on demand (they pull in model code). Components
 * are built as the pipeline builds them, with a 4-entity, 2-relation graph standing in for the
 * dataset, so argument checks run (`lr` must be > 0, unknown kwargs, unknown names) at no cost.
 */
export async function componentChecker(): Promise<ComponentCheck> {
  const [{ modelRegistry }, { lossRegistry }, training, { samplerRegistry }, { stopperRegistry }, { TriplesFactory }] = await Promise.all([
    import('../models/index.js'),
    import('../losses/index.js'),
    import('../training/index.js'),
    import('../sampling/index.js'),
    import('../training/stopper.js'),
    import('../data/triples-factory.js'),
  ]);
  const { optimizerRegistry, regularizerRegistry, lrSchedulerRegistry } = training;
  const factory = TriplesFactory.fromLabeledTriples([
    ['a', 'r', 'b'],
    ['b', 's', 'c'],
    ['c', 'r', 'd'],
    ['d', 's', 'a'],
  ]);
  return (c) => {
    modelRegistry.create(c.model, c.model_kwargs, { numEntities: factory.numEntities, numRelations: factory.numRelations, rng: childRng(0, 'probe') }, 'model');
    lossRegistry.create(c.loss, c.loss_kwargs, { numEntities: factory.numEntities }, 'loss_kwargs');
    optimizerRegistry.create(c.optimizer, c.optimizer_kwargs, undefined, 'optimizer_kwargs');
    if (c.regularizer) regularizerRegistry.create(c.regularizer, c.regularizer_kwargs, undefined, 'regularizer');
    if (c.lr_scheduler) lrSchedulerRegistry.create(c.lr_scheduler, c.lr_scheduler_kwargs, undefined, 'lr_scheduler');
    if (c.training_loop === 'slcwa') samplerRegistry.create(c.negative_sampler, c.negative_sampler_kwargs, { factory }, 'negative_sampler');
    stopperRegistry.create(c.stopper ?? 'nop', c.stopper_kwargs, {}, 'stopper_kwargs');
  };
}

// --- environment --------------------------------------------------------------------------------

/**
 * Every distinct dataset of the configs can be loaded: a registry name whose files are in the
 * cache (or that is built offline), or files that exist. Nothing is parsed.
 */
export async function checkDatasets(configs: readonly PipelineConfig[], where: string): Promise<void> {
  const seen = new Set<string>();
  for (const c of configs) {
    const key = stableStringify(c.dataset);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await checkDataset(c.dataset);
    } catch (err) {
      if (err instanceof KgeError) throw new DataError(`every trial would fail: ${ownMessage(err, 'dataset')}`, `${where} dataset`);
      throw err;
    }
  }
}

async function checkDataset(spec: string | DatasetFiles): Promise<void> {
  const data = await import('../data/index.js');
  if (typeof spec === 'string') {
    const entry = data.getDatasetEntry(spec);
    if (entry.kind === 'offline') return; // built from installed packages when loaded
    const dir = data.datasetDir(entry.name);
    if (data.DATASET_SPLITS.every((s) => data.findSplitFile(dir, s) !== undefined)) return;
    // Files are missing, so this throws at once, with the data layer's account of where it
    // looked and how to get the files.
    await data.loadDataset(spec, { quiet: true });
    return;
  }
  for (const key of ['train', 'valid', 'test'] as const) {
    const path = spec[key];
    if (typeof path === 'string' && !existsSync(path)) throw new DataError(`file not found: ${path}`, `dataset.${key}`);
  }
}

/**
 * Every device the configs ask for other than auto and cpu (which always work) can be
 * initialized: `gpu` needs the native GPU binding, `wasm` its backend.
 */
export async function checkDevices(configs: readonly PipelineConfig[], where: string): Promise<void> {
  const devices = new Set(configs.map((c) => c.device).filter((d) => d === 'gpu' || d === 'wasm'));
  if (devices.size === 0) return;
  const { initBackend } = await import('../compute/backend.js');
  for (const device of devices) {
    try {
      await initBackend(device);
    } catch (err) {
      if (err instanceof KgeError) throw new ConfigError(`every trial would fail: ${ownMessage(err, 'device')}`, `${where} device`);
      throw err;
    }
  }
}

/** The error's message without its place when that is the key the new message already names. */
function ownMessage(err: KgeError, key: string): string {
  return err.where === key && err.message.startsWith(`${key}: `) ? err.message.slice(key.length + 2) : err.message;
}
