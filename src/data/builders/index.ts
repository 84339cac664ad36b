import { ConfigError } from '../../errors.js';
import { buildCountries } from './countries.js';
import type { OfflineSplits } from './types.js';
import { buildWordnet } from './wordnet.js';

export type { LabeledTriple, OfflineSplits } from './types.js';
export { buildCountries, countryLabel, LOCATED_IN, NEIGHBOR_OF, loadCountriesWorld, pickHeldOutCountries } from './countries.js';
export type { CountriesVariant, CountriesWorld } from './countries.js';
export { buildWordnet, loadWordnetGraph, splitWordnet, WORDNET_HOLDOUT, WORDNET_POINTER_RELATIONS, WORDNET_RELATIONS } from './wordnet.js';
export type { WordnetGraph } from './wordnet.js';

/**
 * Datasets built from npm packages at run time, with no download. `countries` is the S1 task.
 */
const BUILDERS: Readonly<Record<string, (seed: number) => Promise<OfflineSplits>>> = {
  countries: (seed) => buildCountries('S1', seed),
  'countries-s1': (seed) => buildCountries('S1', seed),
  'countries-s2': (seed) => buildCountries('S2', seed),
  'countries-s3': (seed) => buildCountries('S3', seed),
  wordnet: (seed) => buildWordnet(seed),
};

export const offlineDatasetNames: string[] = Object.keys(BUILDERS);

/** Normalizes like the registries do (case, `_`/space vs `-`): `Countries_S2` -> `countries-s2`. */
function normalizeName(name: string): string {
  return String(name).trim().toLowerCase().replace(/[_\s]+/g, '-');
}

export function isOfflineDataset(name: string): boolean {
  return normalizeName(name) in BUILDERS;
}

/**
 * Builds an offline dataset's train/valid/test triples. The same name and seed always give the
 * same splits (for the installed package versions).
 */
export function buildOfflineDataset(name: string, seed: number): Promise<OfflineSplits> {
  const builder = BUILDERS[normalizeName(name)];
  if (!builder) {
    return Promise.reject(
      new ConfigError(`unknown offline dataset '${name}'; choose one of: ${offlineDatasetNames.join(', ')}`, 'dataset'),
    );
  }
  if (!Number.isInteger(seed)) return Promise.reject(new ConfigError(`seed must be an integer, got ${seed}`, 'dataset'));
  return builder(seed);
}
