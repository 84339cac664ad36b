import { basename, resolve } from 'node:path';
import { ConfigError, DataError } from '../errors.js';
import { log } from '../util/progress.js';
import { buildOfflineDataset } from './builders/index.js';
import { getDatasetEntry, type DatasetEntry } from './datasets.js';
import { rawFromLabeledTriples, readTriplesFile, type ParseOptions, type RawTriples } from './parse.js';
import { DATASET_SPLITS, datasetDir, findSplitFile, splitFileCandidates, type DatasetSplit } from './paths.js';
import { cleanSplitReport, EMPTY_SPLIT_CONSEQUENCE, emptySplitWarning, formatLoadReport, type LoadReport, type SplitName, type SplitReport } from './report.js';
import { TriplesFactory } from './triples-factory.js';

/** Triples files given directly. The delimiter and column order apply to every file. */
export interface FileDatasetSpec extends ParseOptions {
  /** Name used in reports; default the training file's name. */
  name?: string;
  train: string;
  valid?: string;
  test?: string;
  /**
   * Split the training file into parts by these ratios (e.g. `[0.8, 0.1, 0.1]`) instead of
   * reading valid/test files; see `TriplesFactory.split`. Uses the load `seed`.
   */
  split?: number[];
}

/** A registry name (`nations`, `fb15k237`, `countries-s1`, ...) or files. */
export type DatasetSpec = string | FileDatasetSpec;

export interface LoadDatasetOptions {
  createInverseTriples?: boolean;
  /** Seed for offline builders and for `split`; default 0. */
  seed?: number;
  /** Cache root; default `$KGE_DATA_HOME` or `~/.kge/datasets`. */
  dataHome?: string;
  /** Do not print the drop summary or the warnings (they stay in `report.warnings`). */
  quiet?: boolean;
}

export interface Dataset {
  name: string;
  training: TriplesFactory;
  validation?: TriplesFactory;
  testing?: TriplesFactory;
  report: LoadReport;
  /** The registry entry, for registry datasets. */
  entry?: DatasetEntry;
}

const SPLIT_NAMES: Record<DatasetSplit, SplitName> = { train: 'training', valid: 'validation', test: 'testing' };

/**
 * Loads a dataset: the training split defines the label <-> id maps; validation and testing are
 * mapped with them, dropping triples with labels unseen in training (counted in `report`).
 * Inverse triples, when asked for, are added to training only.
 */
export async function loadDataset(spec: DatasetSpec, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const seed = options.seed ?? 0;
  if (typeof spec === 'string') {
    const entry = getDatasetEntry(spec);
    if (entry.kind === 'offline') {
      const splits = await buildOfflineDataset(entry.name, seed);
      const raws = {
        train: rawFromLabeledTriples(splits.train, `${entry.name} (built, train)`),
        valid: rawFromLabeledTriples(splits.valid, `${entry.name} (built, valid)`),
        test: rawFromLabeledTriples(splits.test, `${entry.name} (built, test)`),
      };
      return finish(entry.name, raws, options, entry);
    }
    const dir = datasetDir(entry.name, options.dataHome);
    const paths = DATASET_SPLITS.map((s) => findSplitFile(dir, s));
    if (paths.some((p) => p === undefined)) throw missingDatasetError(entry, dir, paths, options.dataHome);
    const [train, valid, test] = await Promise.all(paths.map((p) => readTriplesFile(p!)));
    return finish(entry.name, { train: train!, valid, test }, options, entry);
  }
  if (spec === null || typeof spec !== 'object' || typeof spec.train !== 'string') {
    throw new ConfigError(`must be a dataset name or {train: PATH, valid?: PATH, test?: PATH}; got ${JSON.stringify(spec)}`, 'dataset');
  }
  const parse: ParseOptions = { delimiter: spec.delimiter, columns: spec.columns };
  const name = spec.name ?? basename(resolve(spec.train));
  if (spec.split) {
    if (spec.valid || spec.test) throw new ConfigError('give either split ratios or valid/test files, not both', 'dataset.split');
    return splitDataset(name, await readTriplesFile(spec.train, parse), spec.split, seed, options);
  }
  const read = (p: string | undefined) => (p === undefined ? undefined : readTriplesFile(p, parse));
  const [train, valid, test] = await Promise.all([read(spec.train), read(spec.valid), read(spec.test)]);
  return finish(name, { train: train!, valid, test }, options);
}

/** Tells the user exactly where the files were looked for and how to get them there. */
function missingDatasetError(entry: DatasetEntry, dir: string, found: (string | undefined)[], homeOption?: string): DataError {
  const missing = DATASET_SPLITS.filter((_, i) => found[i] === undefined)
    .flatMap((s) => splitFileCandidates(dir, s))
    .map((p) => `  ${p}`)
    .join('\n');
  const envNote = homeOption
    ? `data home given as ${homeOption}`
    : process.env.KGE_DATA_HOME
      ? `KGE_DATA_HOME=${process.env.KGE_DATA_HOME}`
      : 'KGE_DATA_HOME is not set, so the default ~/.kge/datasets is used';
  return new DataError(
    `dataset '${entry.name}' is not in the cache (${envNote}). Looked for:\n${missing}\n` +
      `Fix: run \`kge datasets download ${entry.name}\`; or set KGE_DATA_HOME to a folder that holds ${entry.name}/{train,valid,test}.txt[.gz]; ` +
      `or place the files at the paths above (sources: \`kge datasets info ${entry.name}\`).`,
    'dataset',
  );
}

function finish(
  name: string,
  raws: { train: RawTriples; valid?: RawTriples; test?: RawTriples },
  options: LoadDatasetOptions,
  entry?: DatasetEntry,
): Dataset {
  const base = TriplesFactory.fromRaw(raws.train);
  const trainReport = cleanSplitReport('training', raws.train.source, base.numTriples, {
    triplesRead: raws.train.count,
    duplicatesRemoved: base.duplicatesRemoved,
  });
  const training = options.createInverseTriples ? base.withInverseTriples() : base;
  const reports: SplitReport[] = [trainReport];
  const mapped: Partial<Record<'valid' | 'test', TriplesFactory>> = {};
  const unseen = new Set<string>();
  for (const split of ['valid', 'test'] as const) {
    const raw = raws[split];
    if (!raw) continue;
    const result = training.mapRaw(raw, SPLIT_NAMES[split]);
    mapped[split] = result.factory;
    reports.push(result.report);
    for (const label of result.report.unseenEntityLabels) unseen.add(label);
  }
  const report: LoadReport = {
    dataset: name,
    numEntities: training.numEntities,
    numRelations: training.numRelations,
    numBaseRelations: training.numBaseRelations,
    entitiesAllSplits: training.numEntities + unseen.size,
    createInverseTriples: training.createInverseTriples,
    splits: reports,
    warnings: collectWarnings([raws.train, raws.valid, raws.test], reports),
  };
  if (!options.quiet && reports.some((s) => s.droppedUnseen > 0 || s.duplicatesRemoved > 0)) {
    for (const line of formatLoadReport(report)) log.info(line);
  }
  printWarnings(report, options);
  return { name, training, validation: mapped.valid, testing: mapped.test, report, entry };
}

/** Parse warnings of the files, then one per evaluation split left without triples. */
function collectWarnings(raws: (RawTriples | undefined)[], splits: SplitReport[]): string[] {
  const warnings = raws.flatMap((r) => r?.warnings ?? []);
  for (const s of splits) {
    const w = emptySplitWarning(s);
    if (w) warnings.push(w);
  }
  return warnings;
}

function printWarnings(report: LoadReport, options: LoadDatasetOptions): void {
  if (!options.quiet) for (const w of report.warnings) log.warn(w);
}

function splitDataset(name: string, raw: RawTriples, ratios: number[], seed: number, options: LoadDatasetOptions): Dataset {
  const all = TriplesFactory.fromRaw(raw);
  const parts = all.split(ratios, seed);
  if (parts.length > 3) throw new ConfigError(`split makes at most three parts (train, valid, test); got ${JSON.stringify(ratios)}`, 'dataset.split');
  // Two parts are train and test; three are train, valid and test.
  const [train, valid, test] = parts.length === 2 ? [parts[0], undefined, parts[1]] : parts;
  const training = options.createInverseTriples ? train!.withInverseTriples() : train!;
  // Parts share the maps of the whole set; re-home them in the (possibly inverse-extended) training space.
  const evalFactory = (f: TriplesFactory | undefined) => (f ? training.evaluationSplit(f.mappedTriples) : undefined);
  const splitReport = (split: SplitName, f: TriplesFactory, extra: Partial<SplitReport> = {}): SplitReport =>
    cleanSplitReport(split, `${raw.source} (split ${JSON.stringify(ratios)}, seed ${seed})`, f.numTriples, extra);
  const validation = evalFactory(valid);
  const testing = evalFactory(test);
  const splits = [splitReport('training', train!, { triplesRead: raw.count, duplicatesRemoved: all.duplicatesRemoved })];
  if (validation) splits.push(splitReport('validation', validation));
  if (testing) splits.push(splitReport('testing', testing));
  const report: LoadReport = {
    dataset: name,
    numEntities: training.numEntities,
    numRelations: training.numRelations,
    numBaseRelations: training.numBaseRelations,
    entitiesAllSplits: training.numEntities,
    createInverseTriples: training.createInverseTriples,
    splits,
    warnings: [...(raw.warnings ?? [])],
  };
  for (const s of splits) {
    if (s.split !== 'training' && s.kept === 0) {
      report.warnings.push(
        `${s.split} part of ${s.source} has no triples (the ratio is too small for ${all.numTriples} triples, or its triples were moved ` +
          `into training so that every entity and relation occurs there); ${EMPTY_SPLIT_CONSEQUENCE}`,
      );
    }
  }
  printWarnings(report, options);
  return { name, training, validation, testing, report };
}
