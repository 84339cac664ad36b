import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { parseTriplesText, rawFromLabeledTriples, readTriplesFile } from '../../src/data/parse.js';
import { TriplesFactory } from '../../src/data/triples-factory.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Triples of a parse result as label rows, for easy comparison. */
function rows(raw: Awaited<ReturnType<typeof readTriplesFile>>): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < raw.count; i++) {
    out.push([raw.entities.labels[raw.ids[3 * i]!]!, raw.relations.labels[raw.ids[3 * i + 1]!]!, raw.entities.labels[raw.ids[3 * i + 2]!]!]);
  }
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('strict TSV parsing', () => {
  const tricky = [
    ['nan', 'NA', 'null'],
    ['true', '1e5', '007'],
    ['New York City', 'located.in', 'U.S.A.'],
    ['#hashtag', 'says "hi"', "O'Brien"],
    ['Zürich', '→', '東京'],
    [' padded ', 'r', 'x'],
  ];
  const text = tricky.map((t) => t.join('\t')).join('\n') + '\n';

  it('keeps every field as a verbatim string label', async () => {
    const raw = await readTriplesFile(tmp.write('tricky.tsv', text));
    expect(raw.count).toBe(6);
    expect(raw.ids).toBeInstanceOf(Int32Array);
    expect(raw.ids.length).toBe(18);
    expect(rows(raw)).toEqual(tricky);
    // Interning: distinct labels, first-seen order.
    expect(raw.entities.labels.slice(0, 4)).toEqual(['nan', 'null', 'true', '007']);
    expect(raw.relations.labels).toEqual(['NA', '1e5', 'located.in', 'says "hi"', '→', 'r']);
  });

  it('reads BOM + CRLF the same as plain LF, and skips blank lines', async () => {
    const crlf = '\uFEFF' + tricky.map((t) => t.join('\t')).join('\r\n') + '\r\n';
    const a = await readTriplesFile(tmp.write('crlf.tsv', crlf));
    expect(rows(a)).toEqual(tricky);
    const blanky = '\n\n' + tricky.slice(0, 3).map((t) => t.join('\t')).join('\n\n  \n\t\n') + '\n\n\n';
    const b = await readTriplesFile(tmp.write('blank.tsv', blanky));
    expect(rows(b)).toEqual(tricky.slice(0, 3));
    // No trailing newline at all.
    expect(parseTriplesText('a\tr\tb', 'inline').count).toBe(1);
  });

  it('reads gzip by extension and by magic bytes', async () => {
    const gz = gzipSync(Buffer.from(text));
    expect(rows(await readTriplesFile(tmp.write('t.tsv.gz', gz)))).toEqual(tricky);
    expect(rows(await readTriplesFile(tmp.write('disguised.txt', gz)))).toEqual(tricky);
    const err = await errorOf(readTriplesFile(tmp.write('fake.txt.gz', text)));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain('not a valid gzip file');
  });

  it('names file:line and a hint for a CSV passed as TSV', async () => {
    const p = tmp.write('comma.csv', 'a,r,b\nc,r,d\n');
    const err = await errorOf(readTriplesFile(p));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain(`${p}:1`);
    expect(err.message).toContain('found 1 field(s)');
    expect(err.message).toContain('comma-separated? set dataset.delimiter');
  });

  it('rejects an extra column on the right line, counting blank lines', async () => {
    const p = tmp.write('extra.tsv', 'a\tr\tb\n\nc\tr\td\t0.5\n');
    const err = await errorOf(readTriplesFile(p));
    expect(err.message).toContain(`${p}:3`);
    expect(err.message).toContain('found 4 field(s)');
    expect(err.message).toContain('extra column');
    const trailing = await errorOf(readTriplesFile(tmp.write('trailing.tsv', 'a\tr\tb\t\n')));
    expect(trailing.message).toContain('found 4 field(s)');
  });

  it('rejects two fields and empty labels', () => {
    expect(() => parseTriplesText('a\tr\tb\na\tr\n', 'two.tsv')).toThrow(/two\.tsv:2: found 2 field\(s\)/);
    expect(() => parseTriplesText('a\t\tb\n', 'empty.tsv')).toThrow(/empty\.tsv:1: the relation label \(field 2\) is empty/);
  });

  it('applies delimiter and column order to every file', async () => {
    const p = tmp.write('ordered.csv', 'alice,bob,knows\nbob,carol,likes\n');
    const raw = await readTriplesFile(p, { delimiter: ',', columns: ['head', 'tail', 'relation'] });
    expect(rows(raw)).toEqual([
      ['alice', 'knows', 'bob'],
      ['bob', 'likes', 'carol'],
    ]);
    const f = await TriplesFactory.fromPath(p, { delimiter: ',', columns: ['h', 't', 'r'] });
    expect(f.entityLabels).toEqual(['alice', 'bob', 'carol']);
    expect(f.relationLabels).toEqual(['knows', 'likes']);
    expect(Array.from(f.mappedTriples)).toEqual([0, 0, 1, 1, 1, 2]);
    // Multi-character delimiters work too.
    expect(rows(parseTriplesText('a::r::b\n', 'x', { delimiter: '::' }))).toEqual([['a', 'r', 'b']]);
  });

  it('rejects bad options as config errors', async () => {
    expect(() => parseTriplesText('a\tr\tb', 'x', { columns: ['head', 'head', 'tail'] })).toThrow(ConfigError);
    expect(() => parseTriplesText('a\tr\tb', 'x', { columns: ['head', 'tail'] })).toThrow(/dataset\.columns/);
    expect(() => parseTriplesText('a\tr\tb', 'x', { delimiter: '' })).toThrow(/dataset\.delimiter/);
    // Checked before the file is read.
    const err = await errorOf(readTriplesFile('/no/such/file', { columns: ['x', 'y', 'z'] }));
    expect(err).toBeInstanceOf(ConfigError);
  });

  it('reports invalid UTF-8 and missing files with their location', async () => {
    const bad = Buffer.concat([Buffer.from('a\tr\tb\nc\tr\t'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const p = tmp.write('latin.tsv', bad);
    const err = await errorOf(readTriplesFile(p));
    expect(err.message).toContain(`${p}:2`);
    expect(err.message).toContain('not valid UTF-8 (byte offset 10)');
    const missing = await errorOf(readTriplesFile(tmp.dir + '/nope.tsv'));
    expect(missing).toBeInstanceOf(DataError);
    expect(missing.message).toContain('nope.tsv: file not found');
  });
});

describe('a first line that looks like a header', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is warned about with file:line, and still loaded as a triple', () => {
    for (const header of ['head\trelation\ttail', 'Subject\tPredicate\tObject', 'H\tR\tT', 'tail\thead\trelation']) {
      const raw = parseTriplesText(`${header}\na\tr\tb\n`, 'kg.tsv');
      expect(raw.warnings, header).toHaveLength(1);
      expect(raw.warnings![0]).toMatch(/^kg\.tsv:1: the first line ".*" looks like a header; .*loaded as a triple/);
      expect(rows(raw)).toEqual([header.split('\t'), ['a', 'r', 'b']]);
    }
    // The first line is the first non-blank one; its real line number is given.
    expect(parseTriplesText('\n  \nhead\trelation\ttail\n', 'kg.tsv').warnings![0]).toMatch(/^kg\.tsv:3: /);
    // Other delimiters are split first: "head,relation,tail" with delimiter "," is a header.
    expect(parseTriplesText('head,relation,tail\n', 'kg.csv', { delimiter: ',' }).warnings).toHaveLength(1);
  });

  it('is not flagged for ordinary data, mixed vocabularies, or a header-like later line', () => {
    const quiet = [
      'a\tr\tb\nhead\trelation\ttail\n', // not the first line
      'head\tpredicate\ttail\n', // mixes two vocabularies
      'head\thead\ttail\n',
      'h\tr\ttail\n',
      'header\trelation\ttail\n',
    ];
    for (const text of quiet) expect(parseTriplesText(text, 'kg.tsv').warnings, text).toEqual([]);
    expect(rawFromLabeledTriples([['head', 'relation', 'tail']]).warnings).toEqual([]);
  });

  it('goes to the log when a factory is built from the file directly', async () => {
    const p = tmp.write('with-header.tsv', 'subject\tpredicate\tobject\nx\tr\ty\n');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const f = await TriplesFactory.fromPath(p);
    const written = err.mock.calls.map((c) => String(c[0])).join('');
    expect(written).toContain(`warning: ${p}:1: the first line "subject\\tpredicate\\tobject" looks like a header`);
    expect(f.numTriples).toBe(2);
  });
});

describe('an empty training file', () => {
  it('is a DataError naming the file, for empty and blank-only files', async () => {
    for (const [name, text] of [
      ['empty.tsv', ''],
      ['blank.tsv', '\n   \n\t\n\r\n'],
    ] as const) {
      const p = tmp.write(name, text);
      const err = await errorOf(TriplesFactory.fromPath(p));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toBe(`${p}: has no triples (it is empty or holds only blank lines); the training split needs at least one triple`);
    }
    // A gzip file whose content is empty is no different.
    const gz = tmp.write('empty.tsv.gz', gzipSync(''));
    expect((await errorOf(TriplesFactory.fromPath(gz))).message).toContain(`${gz}: has no triples`);
    expect(() => TriplesFactory.fromLabeledTriples([])).toThrow(/^labeled triples: has no triples/);
  });
});
