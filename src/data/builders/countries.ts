import { readFile } from 'node:fs/promises';
import { DataError } from '../../errors.js';
import { createRng, shuffleInPlace } from '../../util/random.js';
import { packageFile } from './package-files.js';
import type { LabeledTriple, OfflineSplits } from './types.js';

/**
 * The Countries benchmark (Bouchard, Singh & Trouillon 2015) rebuilt from the `world-countries`
 * npm package, with the S1-S3 task variants of Rocktaeschel & Riedel's NTP paper (2017).
 * See docs/offline-datasets.md for the construction and the measured counts.
 */

export type CountriesVariant = 'S1' | 'S2' | 'S3';

export const NEIGHBOR_OF = 'neighbor_of';
export const LOCATED_IN = 'located_in';

/** Share of the countries held out for validation, and again for testing (NTP: 10% each). */
const HOLDOUT_FRACTION = 0.1;

interface RawCountry {
  name: { common: string; official: string };
  cca3: string;
  region: string;
  subregion: string;
  borders: string[];
}

/** The parsed world: kept countries with their region, subregion and symmetric neighbours. */
export interface CountriesWorld {
  /** Country labels, sorted by ISO alpha-3 code. */
  countries: string[];
  region: Map<string, string>;
  subregion: Map<string, string>;
  /** subregion label -> region label */
  subregionRegion: Map<string, string>;
  /** Symmetric: b in neighbors(a) iff a in neighbors(b). Sorted label lists. */
  neighbors: Map<string, string[]>;
  /** Records left out because they lack a region or subregion (Antarctica and four territories). */
  skipped: string[];
}

/** Turns a display name into a plain ASCII label: `Côte d'Ivoire` -> `cote_d_ivoire`. */
export function countryLabel(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

let worldPromise: Promise<CountriesWorld> | undefined;

/** Reads and indexes `world-countries/countries.json` once per process. */
export function loadCountriesWorld(): Promise<CountriesWorld> {
  worldPromise ??= readFile(packageFile('world-countries', 'countries.json'), 'utf8').then((text) =>
    indexWorld(JSON.parse(text) as RawCountry[]),
  );
  return worldPromise;
}

function indexWorld(raw: RawCountry[]): CountriesWorld {
  const where = 'world-countries/countries.json';
  const kept = raw.filter((c) => c.region && c.subregion).sort((a, b) => (a.cca3 < b.cca3 ? -1 : a.cca3 > b.cca3 ? 1 : 0));
  const skipped = raw.filter((c) => !(c.region && c.subregion)).map((c) => c.name.common);
  const byCode = new Map<string, string>();
  const region = new Map<string, string>();
  const subregion = new Map<string, string>();
  const subregionRegion = new Map<string, string>();
  const used = new Map<string, string>(); // label -> what it names, to catch collisions
  const claim = (label: string, what: string) => {
    const prev = used.get(label);
    if (prev !== undefined && prev !== what) throw new DataError(`label '${label}' would name both ${prev} and ${what}`, where);
    used.set(label, what);
  };
  for (const c of kept) {
    claim(countryLabel(c.region), `region ${c.region}`);
    claim(countryLabel(c.subregion), `subregion ${c.subregion}`);
  }
  for (const c of kept) {
    // A common name can equal a subregion's (Micronesia): such a country takes its official name.
    let label = countryLabel(c.name.common);
    if (used.has(label)) label = countryLabel(c.name.official);
    claim(label, `country ${c.cca3}`);
    byCode.set(c.cca3, label);
    const reg = countryLabel(c.region);
    const sub = countryLabel(c.subregion);
    region.set(label, reg);
    subregion.set(label, sub);
    const prevReg = subregionRegion.get(sub);
    if (prevReg !== undefined && prevReg !== reg) throw new DataError(`subregion '${c.subregion}' lies in two regions`, where);
    subregionRegion.set(sub, reg);
  }
  // The package lists a few borders on one side only (Sri Lanka -> India); a shared border is
  // symmetric, so take the union of both directions.
  const sets = new Map<string, Set<string>>();
  for (const label of byCode.values()) sets.set(label, new Set());
  for (const c of kept) {
    const a = byCode.get(c.cca3)!;
    for (const code of c.borders) {
      const b = byCode.get(code);
      if (b === undefined || b === a) continue; // border with a skipped record: none in practice
      sets.get(a)!.add(b);
      sets.get(b)!.add(a);
    }
  }
  const neighbors = new Map<string, string[]>();
  for (const [label, set] of sets) neighbors.set(label, [...set].sort());
  return { countries: [...byCode.values()], region, subregion, subregionRegion, neighbors, skipped };
}

/**
 * Picks the validation and test countries. Candidates are countries with at least one neighbour
 * (as in NTP); in seeded random order a candidate is accepted only while every held-out country
 * keeps at least one neighbour that is not held out, so S2/S3 queries stay answerable through a
 * neighbour. NTP meant to enforce the same but its check was ineffective.
 */
export function pickHeldOutCountries(world: CountriesWorld, seed: number): { valid: string[]; test: string[] } {
  const perSplit = Math.floor(HOLDOUT_FRACTION * world.countries.length);
  const candidates = world.countries.filter((c) => world.neighbors.get(c)!.length > 0);
  const order = Int32Array.from(candidates.keys());
  shuffleInPlace(order, createRng(`${seed}/countries/holdout`));
  const held = new Set<string>();
  const accepted: string[] = [];
  const keepsFreeNeighbor = (c: string, extra: string) =>
    world.neighbors.get(c)!.some((n) => n !== extra && !held.has(n));
  for (const i of order) {
    if (accepted.length === 2 * perSplit) break;
    const c = candidates[i]!;
    if (!keepsFreeNeighbor(c, c)) continue;
    if (!world.neighbors.get(c)!.every((n) => !held.has(n) || keepsFreeNeighbor(n, c))) continue;
    held.add(c);
    accepted.push(c);
  }
  if (accepted.length < 2 * perSplit) {
    throw new DataError(`only ${accepted.length} of ${2 * perSplit} held-out countries could be chosen`, 'countries');
  }
  return { valid: accepted.slice(0, perSplit), test: accepted.slice(perSplit) };
}

const compareTriples = (a: LabeledTriple, b: LabeledTriple): number => {
  for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
  return 0;
};

/**
 * Builds one Countries variant. Every split is sorted (code-unit order), so the output depends
 * only on the package data, the variant and the seed.
 */
export async function buildCountries(variant: CountriesVariant, seed: number): Promise<OfflineSplits> {
  const world = await loadCountriesWorld();
  const { valid: validCountries, test: testCountries } = pickHeldOutCountries(world, seed);
  const heldOut = [...validCountries, ...testCountries];

  // Facts the variant hides from training, as "country\tregion-or-subregion" keys.
  const hidden = new Set<string>();
  const hide = (c: string, target: string) => hidden.add(`${c}\t${target}`);
  for (const c of heldOut) {
    hide(c, world.region.get(c)!); // every variant: the queried fact itself
    if (variant !== 'S1') hide(c, world.subregion.get(c)!);
    if (variant === 'S3') for (const n of world.neighbors.get(c)!) hide(n, world.region.get(n)!);
  }

  const train: LabeledTriple[] = [];
  for (const c of world.countries) {
    for (const n of world.neighbors.get(c)!) train.push([c, NEIGHBOR_OF, n]);
    for (const target of [world.subregion.get(c)!, world.region.get(c)!]) {
      if (!hidden.has(`${c}\t${target}`)) train.push([c, LOCATED_IN, target]);
    }
  }
  for (const [sub, reg] of world.subregionRegion) train.push([sub, LOCATED_IN, reg]);

  const query = (c: string): LabeledTriple => [c, LOCATED_IN, world.region.get(c)!];
  return {
    train: train.sort(compareTriples),
    valid: validCountries.map(query).sort(compareTriples),
    test: testCountries.map(query).sort(compareTriples),
  };
}
