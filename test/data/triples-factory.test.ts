import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { TriplesFactory } from '../../src/data/triples-factory.js';
import type { LabeledTriple } from '../../src/data/parse.js';

const family: LabeledTriple[] = [
  ['bob', 'likes', 'alice'],
  ['alice', 'knows', 'Carol'],
  ['Carol', 'likes', 'bob'],
  ['bob', 'likes', 'alice'], // exact duplicate
  ['émile', 'knows', 'bob'],
];

describe('TriplesFactory', () => {
  it('sorts labels in code-unit order and maps triples', () => {
    const f = TriplesFactory.fromLabeledTriples(family);
    // Upper case sorts before lower case, and é (U+00E9) after ASCII.
    expect(f.entityLabels).toEqual(['Carol', 'alice', 'bob', 'émile']);
    expect(f.relationLabels).toEqual(['knows', 'likes']);
    expect(f.entityToId.get('bob')).toBe(2);
    expect(f.relationToId.get('likes')).toBe(1);
    expect(f.numEntities).toBe(4);
    expect(f.numRelations).toBe(2);
    expect(f.numBaseRelations).toBe(2);
    expect(f.numTriples).toBe(4);
    expect(f.duplicatesRemoved).toBe(1);
    expect(Array.from(f.mappedTriples)).toEqual([2, 1, 1, 1, 0, 0, 0, 1, 2, 3, 0, 2]);
    expect(f.labeledTriple(3)).toEqual(['émile', 'knows', 'bob']);
    expect(f.role).toBe('training');
    expect(f.tripleSet().has(2, 1, 1)).toBe(true);
  });

  it('adds inverse triples after the originals with ids r + numBaseRelations', () => {
    const f = TriplesFactory.fromLabeledTriples(family, { createInverseTriples: true });
    expect(f.createInverseTriples).toBe(true);
    expect(f.relationLabels).toEqual(['knows', 'likes', 'knows_inverse', 'likes_inverse']);
    expect(f.relationToId.get('likes_inverse')).toBe(3);
    expect(f.numRelations).toBe(4);
    expect(f.numBaseRelations).toBe(2);
    expect(f.numTriples).toBe(8);
    // Rows 4..7 are (t, r + 2, h) of rows 0..3.
    expect(Array.from(f.mappedTriples.subarray(12))).toEqual([1, 3, 2, 0, 2, 1, 2, 3, 0, 2, 2, 3]);
    expect(Array.from(f.baseTriples)).toEqual([2, 1, 1, 1, 0, 0, 0, 1, 2, 3, 0, 2]);
    expect(f.labeledTriple(4)).toEqual(['alice', 'likes_inverse', 'bob']);
  });

  it('refuses an inverse label that is already a relation', () => {
    const f = TriplesFactory.fromLabeledTriples([
      ['a', 'r', 'b'],
      ['b', 'r_inverse', 'a'],
    ]);
    expect(() => f.withInverseTriples()).toThrow(/inverse label 'r_inverse'/);
  });

  it('maps evaluation triples with the training maps and counts what it drops', () => {
    const train = TriplesFactory.fromLabeledTriples(family, { createInverseTriples: true });
    const { factory, report } = train.mapLabeledTriples(
      [
        ['alice', 'likes', 'bob'], // kept
        ['alice', 'likes', 'bob'], // duplicate
        ['alice', 'likes', 'xavier'], // unseen entity
        ['xavier', 'knows', 'alice'], // same unseen entity again
        ['yves', 'likes', 'xavier'], // two unseen entities
        ['bob', 'hates', 'alice'], // unseen relation
        ['bob', 'likes_inverse', 'alice'], // inverse labels are not evaluation relations
        ['bob', 'likes', 'alice'], // kept, also in training
      ],
      'testing',
    );
    expect(report).toMatchObject({
      split: 'testing',
      triplesRead: 8,
      kept: 2,
      duplicatesRemoved: 1,
      droppedUnseen: 5,
      unseenEntities: 2,
      unseenRelations: 2,
      alsoInTraining: 1,
    });
    expect(report.unseenEntityLabels.sort()).toEqual(['xavier', 'yves']);
    expect(report.unseenRelationLabels.sort()).toEqual(['hates', 'likes_inverse']);
    expect(factory.role).toBe('evaluation');
    expect(factory.entityToId).toBe(train.entityToId);
    expect(factory.numRelations).toBe(4); // same relation space as training
    expect(factory.numTriples).toBe(2);
    expect(Array.from(factory.mappedTriples)).toEqual([1, 1, 2, 2, 1, 1]);
    expect(() => factory.withInverseTriples()).toThrow(/only be created for the training split/);
    expect(() => factory.mapLabeledTriples([])).toThrow(DataError);
  });

  it('builds from mapped ids with sortable default labels', () => {
    const f = TriplesFactory.fromMappedTriples(Int32Array.from([0, 0, 11, 11, 1, 0, 0, 0, 11]), { numEntities: 12, numRelations: 2 });
    expect(f.entityLabels[2]).toBe('e02');
    expect(f.entityLabels[11]).toBe('e11');
    expect(f.relationLabels).toEqual(['r0', 'r1']);
    expect(f.numTriples).toBe(2);
    expect(f.duplicatesRemoved).toBe(1);
    expect(() => TriplesFactory.fromMappedTriples(Int32Array.from([0, 2, 0]), { numEntities: 1, numRelations: 2 })).toThrow(/out of range/);
    expect(() => TriplesFactory.fromMappedTriples(Int32Array.from([]), { numEntities: 2, numRelations: 1, entityLabels: ['b', 'a'] })).toThrow(/sorted/);
  });
});

describe('TriplesFactory.split', () => {
  /** 10 entities x 3 relations, every (h, r, t): each entity is in 57 triples, each relation in 100. */
  function dense(): TriplesFactory {
    const triples: LabeledTriple[] = [];
    for (let h = 0; h < 10; h++) for (let r = 0; r < 3; r++) for (let t = 0; t < 10; t++) triples.push([`e${h}`, `r${r}`, `e${t}`]);
    return TriplesFactory.fromLabeledTriples(triples);
  }

  it('cuts at the ratios when no triple needs moving, reproducibly', () => {
    const f = dense();
    // 30 non-training triples cannot hold all 57 of any entity or 100 of any relation: nothing moves.
    const [train, valid, test] = f.split([0.9, 0.05, 0.05], 42);
    expect([train!.numTriples, valid!.numTriples, test!.numTriples]).toEqual([270, 15, 15]);
    expect(train!.role).toBe('training');
    expect(valid!.role).toBe('evaluation');
    expect(valid!.entityToId).toBe(f.entityToId);
    const again = f.split([0.9, 0.05], 42);
    expect(again).toHaveLength(3); // the remainder becomes the last part
    expect(Array.from(again[1]!.mappedTriples)).toEqual(Array.from(valid!.mappedTriples));
    const other = f.split([0.9, 0.05, 0.05], 43);
    expect(Array.from(other[1]!.mappedTriples)).not.toEqual(Array.from(valid!.mappedTriples));
    // Parts are disjoint and cover everything.
    const seen = new Set<string>();
    for (const part of [train!, valid!, test!]) for (const t of part.toLabeledTriples()) seen.add(t.join('|'));
    expect(seen.size).toBe(300);
  });

  it('moves triples whose entity or relation training lacks into training', () => {
    const triples: LabeledTriple[] = [];
    for (let i = 0; i < 8; i++) triples.push([`e${i}`, 'r', `e${(i + 1) % 8}`]);
    triples.push(['e0', 'rare', 'e4']); // only use of relation 'rare'
    triples.push(['z', 'r', 'e0']); // only use of entity 'z'
    const f = TriplesFactory.fromLabeledTriples(triples);
    for (let seed = 0; seed < 25; seed++) {
      const parts = f.split([0.5, 0.25, 0.25], seed);
      const train = parts[0]!;
      const trainTriples = train.toLabeledTriples().map((t) => t.join('|'));
      expect(trainTriples).toContain('e0|rare|e4');
      expect(trainTriples).toContain('z|r|e0');
      const covered = new Set(train.toLabeledTriples().flatMap((t) => [`E${t[0]}`, `R${t[1]}`, `E${t[2]}`]));
      let total = train.numTriples;
      for (const part of parts.slice(1)) {
        total += part.numTriples;
        for (const t of part.toLabeledTriples()) {
          expect(covered.has(`E${t[0]}`) && covered.has(`R${t[1]}`) && covered.has(`E${t[2]}`)).toBe(true);
        }
      }
      expect(total).toBe(10);
      expect(train.numTriples).toBeGreaterThanOrEqual(5);
    }
  });

  it('checks ratios and refuses to split inverse or evaluation factories', () => {
    const f = dense();
    expect(() => f.split([0.9, 0.2], 0)).toThrow(ConfigError);
    expect(() => f.split([1], 0)).toThrow(ConfigError);
    expect(() => f.split([0], 0)).toThrow(ConfigError);
    expect(() => f.withInverseTriples().split([0.8], 0)).toThrow(/split the triples first/);
    expect(() => f.split([0.8], 0)[1]!.split([0.5], 0)).toThrow(/only a training factory/);
  });
});
