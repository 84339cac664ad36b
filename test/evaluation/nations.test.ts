/**
 * Real benchmark data: the filtered evaluator on the Nations splits with a tie-heavy
 * deterministic scorer equals the sort-based reference, with the default filter sets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRanking, filterSetsFor } from '../../src/evaluation/index.js';
import { SHARED_DATASETS, hasShared } from '../helpers.js';
import { bruteForceAll, FunctionScorer, hashInt, knownSet } from './brute-force.js';

const dir = path.join(SHARED_DATASETS, 'nations');

function load() {
  const ents = new Map<string, number>();
  const rels = new Map<string, number>();
  const id = (m: Map<string, number>, k: string) => {
    if (!m.has(k)) m.set(k, m.size);
    return m.get(k)!;
  };
  const split = (name: string) => {
    const rows = readFileSync(path.join(dir, `${name}.txt`), 'utf8').split('\n').filter((l) => l.trim());
    const out = new Int32Array(rows.length * 3);
    rows.forEach((l, i) => {
      const [h, r, t] = l.split('\t');
      out.set([id(ents, h!), id(rels, r!), id(ents, t!)], 3 * i);
    });
    return out;
  };
  const training = split('train');
  const validation = split('valid');
  const testing = split('test');
  return { numEntities: ents.size, numRelations: rels.size, training, validation, testing };
}

describe.skipIf(!hasShared)('nations', () => {
  it('filtered test evaluation equals brute force with train ∪ valid ∪ test known', () => {
    const d = load();
    expect(d.numEntities).toBe(14);
    expect(d.testing.length / 3).toBe(201);
    const f = (h: number, r: number, t: number) => hashInt(5, h, r, t) / 4;
    const sets = filterSetsFor('testing', {
      training: { mappedTriples: d.training },
      validation: { mappedTriples: d.validation },
      testing: { mappedTriples: d.testing },
    });
    const res = evaluateRanking(new FunctionScorer(d.numEntities, f), d.testing, {
      quiet: true,
      filterTriples: sets.triples,
      filterSetNames: sets.names,
      split: 'testing',
      returnRanks: true,
    });
    const ref = bruteForceAll(f, d.testing, d.numEntities, knownSet([d.training, d.validation, d.testing]));
    for (const side of ['head', 'tail'] as const) {
      const r = res.ranks![side]!;
      expect(Array.from(r.optimistic)).toEqual(ref[side].map((x) => x.optimistic));
      expect(Array.from(r.pessimistic)).toEqual(ref[side].map((x) => x.pessimistic));
      expect(Array.from(r.numCandidates)).toEqual(ref[side].map((x) => x.numCandidates));
    }
    // Nations is dense: filtering must have removed candidates for many queries.
    expect(res.protocol.num_candidates.tail!.mean).toBeLessThan(d.numEntities - 1);
    expect(res.protocol.filter_sets).toEqual(['training', 'validation', 'testing']);
  });
});
