import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DataError } from '../../src/errors.js';
import { loadDataset } from '../../src/data/dataset.js';
import { datasetEntries, getDatasetEntry } from '../../src/data/datasets.js';
import { verifyDataset } from '../../src/data/download.js';
import { dataHome } from '../../src/data/paths.js';
import { formatLoadReport } from '../../src/data/report.js';
import { SHARED_DATASETS, hasShared } from '../helpers.js';
import { tempDir } from './helpers.js';

const home = SHARED_DATASETS;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function splitCounts(d: Awaited<ReturnType<typeof loadDataset>>) {
  return d.report.splits.map((s) => s.triplesRead);
}

describe.skipIf(!hasShared)('published dataset counts', () => {
  it('nations: 14 entities, 55 relations, 1592/199/201', async () => {
    const d = await loadDataset('nations', { dataHome: home, quiet: true });
    expect([d.training.numEntities, d.training.numRelations]).toEqual([14, 55]);
    expect([d.training.numTriples, d.validation!.numTriples, d.testing!.numTriples]).toEqual([1592, 199, 201]);
    expect(d.report.splits.every((s) => s.droppedUnseen === 0 && s.duplicatesRemoved === 0)).toBe(true);
  });

  it('umls: 135 entities, 46 relations, 5216/652/661', async () => {
    const d = await loadDataset('UMLS', { dataHome: home, quiet: true });
    expect([d.training.numEntities, d.training.numRelations]).toEqual([135, 46]);
    expect([d.training.numTriples, d.validation!.numTriples, d.testing!.numTriples]).toEqual([5216, 652, 661]);
  });

  it('wn18rr: 40,943 entities over all splits (40,559 in train), 210 + 210 triples dropped', async () => {
    const d = await loadDataset('wn18rr', { dataHome: home, quiet: true });
    expect(d.report.entitiesAllSplits).toBe(40943);
    expect(d.training.numEntities).toBe(40559);
    expect(d.training.numRelations).toBe(11);
    expect(splitCounts(d)).toEqual([86835, 3034, 3134]);
    const [, valid, test] = d.report.splits;
    // Distinct unseen entity counts from an independent awk pass over the files (198 and 209).
    expect(valid).toMatchObject({ split: 'validation', droppedUnseen: 210, unseenEntities: 198, unseenRelations: 0, kept: 2824 });
    expect(test).toMatchObject({ split: 'testing', droppedUnseen: 210, unseenEntities: 209, unseenRelations: 0, kept: 2924 });
    expect(d.validation!.numTriples).toBe(2824);
    expect(d.testing!.numTriples).toBe(2924);
  });

  it('fb15k237: 14,541 entities, 237 relations, 9 valid and 28 test triples dropped', async () => {
    // train.txt.gz: also exercises the gzip path of the cache.
    const d = await loadDataset('FB15k-237', { dataHome: home, quiet: true, createInverseTriples: true });
    expect(d.name).toBe('fb15k237');
    expect(d.report.entitiesAllSplits).toBe(14541);
    expect(d.training.numEntities).toBe(14505);
    expect(d.training.numBaseRelations).toBe(237);
    expect(d.training.numRelations).toBe(474);
    expect(splitCounts(d)).toEqual([272115, 17535, 20466]);
    expect(d.training.numTriples).toBe(2 * 272115);
    const [, valid, test] = d.report.splits;
    expect(valid).toMatchObject({ droppedUnseen: 9, unseenEntities: 8, kept: 17526 });
    expect(test).toMatchObject({ droppedUnseen: 28, unseenEntities: 29, kept: 20438 });
    // Evaluation splits share the inverse-extended relation space but hold only original triples.
    expect(d.testing!.numRelations).toBe(474);
    expect(d.testing!.numTriples).toBe(20438);
    expect(Math.max(...d.testing!.mappedTriples.filter((_, i) => i % 3 === 1))).toBeLessThan(237);
  });

  it('every registry dataset matches its recorded counts and checksums', async () => {
    for (const entry of datasetEntries.filter((e) => e.kind === 'download')) {
      const d = await loadDataset(entry.name, { dataHome: home, quiet: true });
      const c = entry.counts!;
      const [, v, t] = d.report.splits;
      expect([d.report.entitiesAllSplits, d.training.numEntities, d.training.numRelations], entry.name).toEqual([c.entities, c.trainEntities, c.relations]);
      expect(splitCounts(d), entry.name).toEqual([c.train, c.valid, c.test]);
      expect([v!.droppedUnseen, t!.droppedUnseen], entry.name).toEqual([c.droppedValid, c.droppedTest]);
      const verified = await verifyDataset(entry.name, { dataHome: home });
      expect(verified.ok, entry.name).toBe(true);
    }
  });
});

describe('dataset lookup and errors', () => {
  it('normalizes names and aliases', () => {
    expect(getDatasetEntry('FB15K_237').name).toBe('fb15k237');
    expect(getDatasetEntry('codex-s').name).toBe('codex-small');
    expect(getDatasetEntry('Countries S2').name).toBe('countries-s2');
    expect(() => getDatasetEntry('yago')).toThrow(/unknown dataset 'yago'; choose one of: nations, kinships/);
  });

  it('says where it looked and how to fix a missing dataset', async () => {
    const err = await loadDataset('nations', { dataHome: tmp.dir }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DataError);
    const msg = (err as Error).message;
    expect(msg).toContain(join(tmp.dir, 'nations', 'train.txt'));
    expect(msg).toContain(join(tmp.dir, 'nations', 'test.txt.gz'));
    expect(msg).toContain('kge datasets download nations');
    expect(msg).toContain('KGE_DATA_HOME');
  });

  it('uses KGE_DATA_HOME, else ~/.kge/datasets', () => {
    const old = process.env.KGE_DATA_HOME;
    try {
      process.env.KGE_DATA_HOME = '/some/where';
      expect(dataHome()).toBe('/some/where');
      delete process.env.KGE_DATA_HOME;
      expect(dataHome()).toMatch(/\.kge[/\\]datasets$/);
      expect(dataHome('/explicit')).toBe('/explicit');
    } finally {
      if (old === undefined) delete process.env.KGE_DATA_HOME;
      else process.env.KGE_DATA_HOME = old;
    }
  });
});

describe('loading files directly', () => {
  it('maps valid/test with the training maps and reports duplicates per split', async () => {
    const train = tmp.write('own/train.tsv', 'a\tr\tb\nb\tr\tc\na\tr\tb\n');
    const valid = tmp.write('own/valid.tsv', 'a\tr\tc\na\tr\tc\nc\tr\tz\n');
    const d = await loadDataset({ train, valid, name: 'own' }, { quiet: true });
    expect(d.name).toBe('own');
    expect(d.testing).toBeUndefined();
    expect(d.report.splits[0]).toMatchObject({ triplesRead: 3, kept: 2, duplicatesRemoved: 1 });
    expect(d.report.splits[1]).toMatchObject({ triplesRead: 3, kept: 1, duplicatesRemoved: 1, droppedUnseen: 1, unseenEntities: 1 });
    expect(d.report.entitiesAllSplits).toBe(4);
    expect(formatLoadReport(d.report)).toEqual([
      'dataset own: 3 entities (4 over all splits), 1 relations',
      `  training: 2 triples kept of 3 read; 1 duplicates removed`,
      `  validation: 1 triples kept of 3 read; 1 dropped with labels unseen in training (1 distinct entities, 0 distinct relations); 1 duplicates removed`,
    ]);
  });

  it.skipIf(!hasShared)('splits a single file so valid/test only use training entities', async () => {
    const d = await loadDataset(
      { train: join(home, 'nations', 'train.txt'), split: [0.8, 0.1, 0.1] },
      { seed: 3, createInverseTriples: true, quiet: true },
    );
    const base = d.training.numTriples / 2;
    expect(base + d.validation!.numTriples + d.testing!.numTriples).toBe(1592);
    expect(d.validation!.numRelations).toBe(110);
    expect(d.testing!.createInverseTriples).toBe(true);
    const trainEntities = new Set(d.training.baseTriples.filter((_, i) => i % 3 !== 1));
    for (const x of d.testing!.mappedTriples.filter((_, i) => i % 3 !== 1)) expect(trainEntities.has(x)).toBe(true);
  });
});

describe('offline datasets', () => {
  it('loads a built dataset through the same path', async () => {
    const d = await loadDataset('countries', { seed: 1, quiet: true });
    expect(d.entry?.kind).toBe('offline');
    expect(d.training.numTriples).toBeGreaterThan(0);
    expect(d.validation!.numTriples).toBeGreaterThan(0);
    // Builders keep every valid/test entity in train, so nothing is dropped.
    expect(d.report.splits.map((s) => s.droppedUnseen)).toEqual([0, 0, 0]);
  });
});

describe('load-time checks and warnings', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Captures what loading writes to stderr (the log). */
  function captureStderr(): () => string {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    return () => spy.mock.calls.map((c) => String(c[0])).join('');
  }

  it('an empty or blank-only training file is a DataError naming the file', async () => {
    const empty = tmp.write('checks/empty-train.tsv', '');
    const blank = tmp.write('checks/blank-train.tsv', '\n \n\t\n');
    const valid = tmp.write('checks/valid.tsv', 'a\tr\tb\n');
    for (const train of [empty, blank]) {
      const err = await loadDataset({ train, valid }, { quiet: true }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toBe(`${train}: has no triples (it is empty or holds only blank lines); the training split needs at least one triple`);
    }
    // Also with split ratios, and for a registry dataset in the cache.
    expect(await loadDataset({ train: blank, split: [0.8, 0.2] }, { quiet: true }).catch((e: Error) => e.message)).toContain(`${blank}: has no triples`);
    const cached = tmp.write('checks/home/nations/train.txt', '\n');
    tmp.write('checks/home/nations/valid.txt', 'a\tr\tb\n');
    tmp.write('checks/home/nations/test.txt', 'a\tr\tb\n');
    const err = await loadDataset('nations', { dataHome: join(tmp.dir, 'checks/home'), quiet: true }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(`${cached}: has no triples`);
  });

  it('warns, in the report and the log, when an evaluation split ends up empty', async () => {
    const train = tmp.write('checks/train.tsv', 'a\tr\tb\nb\tr\tc\n');
    const valid = tmp.write('checks/unseen-valid.tsv', 'x\tq\ty\ny\tr\ta\n');
    const test = tmp.write('checks/empty-test.tsv', '\n\n');
    const stderr = captureStderr();
    const d = await loadDataset({ train, valid, test });
    expect(d.validation!.numTriples).toBe(0);
    expect(d.testing!.numTriples).toBe(0);
    const expected = [
      `validation split ${valid} is empty after dropping all 2 of its 2 triples whose labels never occur in training ` +
        `(2 distinct entities, 1 distinct relations, e.g. ["x","y","q"]); evaluation on it has no triples and its metrics will be NaN. ` +
        `Check that it uses the training file's labels, delimiter and column order.`,
      `testing split ${test} has no triples (empty, or only blank lines); evaluation on it has no triples and its metrics will be NaN`,
    ];
    expect(d.report.warnings).toEqual(expected);
    const log = stderr();
    for (const w of expected) expect(log).toContain(`warning: ${w}\n`);
    // quiet: nothing printed, the warnings stay in the report.
    vi.restoreAllMocks();
    const silent = captureStderr();
    expect((await loadDataset({ train, valid, test }, { quiet: true })).report.warnings).toEqual(expected);
    expect(silent()).toBe('');
    // A split that keeps triples gets no warning.
    expect((await loadDataset({ train, valid: train }, { quiet: true })).report.warnings).toEqual([]);
  });

  it('warns about an empty part of a split', async () => {
    // Three triples split 0.8/0.1/0.1: training takes 2 (which cover a, b, c), validation 1, testing none.
    const train = tmp.write('checks/ring.tsv', 'a\tr\tb\nb\tr\tc\nc\tr\ta\n');
    const d = await loadDataset({ train, split: [0.8, 0.1, 0.1] }, { quiet: true, seed: 1 });
    expect([d.training.numTriples, d.validation!.numTriples, d.testing!.numTriples]).toEqual([2, 1, 0]);
    expect(d.report.warnings).toEqual([
      `testing part of ${train} (split [0.8,0.1,0.1], seed 1) has no triples (the ratio is too small for 3 triples, or its triples were moved ` +
        'into training so that every entity and relation occurs there); evaluation on it has no triples and its metrics will be NaN',
    ]);
  });

  it('puts a header-like first line into the report warnings with file:1, and loads it as data', async () => {
    const train = tmp.write('checks/headed.tsv', 'Head\tRelation\tTail\na\tr\tb\n');
    const d = await loadDataset({ train }, { quiet: true });
    expect(d.report.warnings).toEqual([
      `${train}:1: the first line "Head\\tRelation\\tTail" looks like a header; triples files have no header row, so it is loaded as a triple. ` +
        'Delete the line if it is a header.',
    ]);
    expect(d.training.numTriples).toBe(2);
    expect(d.training.entityLabels).toEqual(['Head', 'Tail', 'a', 'b']);
  });
});
