import { ConfigError, DataError } from '../errors.js';
import { LabelIndex } from './labels.js';
import { readTextFile } from './text.js';

export type ColumnName = 'head' | 'relation' | 'tail';

/** How the three fields of a line are read. The same options apply to every file of a dataset. */
export interface ParseOptions {
  /** Field separator; default a tab. Any non-empty string without line breaks. */
  delimiter?: string;
  /** Order of the fields on a line; default `['head', 'relation', 'tail']`. `h`, `r`, `t` also accepted. */
  columns?: readonly string[];
}

/**
 * Triples as read from one file: ids into the file's own label indexes, in first-seen order.
 * The triples factory turns these into final (sorted-label) ids.
 */
export interface RawTriples {
  /** Length `3 * count`; row i is `[h, r, t]` at `3i, 3i+1, 3i+2`. */
  ids: Int32Array;
  count: number;
  entities: LabelIndex;
  relations: LabelIndex;
  /** File name (or a description) used in messages. */
  source: string;
  /** Things worth telling the user that do not stop loading, each naming `source:line`. */
  warnings?: string[];
}

const COLUMN_ALIASES: Record<string, ColumnName> = {
  head: 'head',
  h: 'head',
  relation: 'relation',
  r: 'relation',
  tail: 'tail',
  t: 'tail',
};
const SLOT: Record<ColumnName, number> = { head: 0, relation: 1, tail: 2 };

/** Column-name spellings a header row would use (compared case-insensitively, in any order). */
const HEADER_WORDS = [
  ['head', 'relation', 'tail'],
  ['subject', 'predicate', 'object'],
  ['h', 'r', 't'],
];

/**
 * Checks `columns` and returns, for each field position on a line, the slot (0 head,
 * 1 relation, 2 tail) it fills.
 */
export function columnSlots(columns: readonly string[] | undefined): [number, number, number] {
  if (columns === undefined) return [0, 1, 2];
  const where = 'dataset.columns';
  if (!Array.isArray(columns) || columns.length !== 3) {
    throw new ConfigError(`must list the three columns in file order, e.g. ["head", "relation", "tail"]; got ${JSON.stringify(columns)}`, where);
  }
  const slots = columns.map((c) => {
    const name = COLUMN_ALIASES[String(c).toLowerCase()];
    if (!name) throw new ConfigError(`unknown column ${JSON.stringify(c)}; use head, relation and tail`, where);
    return SLOT[name];
  });
  if (new Set(slots).size !== 3) {
    throw new ConfigError(`must name head, relation and tail once each; got ${JSON.stringify(columns)}`, where);
  }
  return slots as [number, number, number];
}

export function checkDelimiter(delimiter: string | undefined): string {
  if (delimiter === undefined) return '\t';
  if (typeof delimiter !== 'string' || delimiter.length === 0 || /[\r\n]/.test(delimiter)) {
    throw new ConfigError(`must be a non-empty string without line breaks; got ${JSON.stringify(delimiter)}`, 'dataset.delimiter');
  }
  return delimiter;
}

const SLOT_NAMES = ['head', 'relation', 'tail'] as const;

/**
 * Parses triples text. Rules: lines end in LF or CRLF; blank lines (only whitespace) are skipped;
 * every other line has exactly three fields split on the delimiter, none empty; fields are taken
 * verbatim as labels (no quoting, no trimming, no type conversion: `nan`, `1e5`, `true` stay
 * labels). A bad line is a DataError naming `source:line`. Files have no header row: a first line
 * that looks like one (e.g. `head relation tail`) is still read as a triple, with a warning.
 */
export function parseTriplesText(text: string, source: string, options: ParseOptions = {}): RawTriples {
  const delimiter = checkDelimiter(options.delimiter);
  const slots = columnSlots(options.columns);
  const dl = delimiter.length;
  const entities = new LabelIndex();
  const relations = new LabelIndex();
  let ids = new Int32Array(Math.max(48, Math.ceil(text.length / 8)));
  let count = 0;
  let pos = 0;
  let lineNo = 0;
  const len = text.length;
  // A leading BOM is normally removed by the decoder; strip it here too for callers passing strings.
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const fields = ['', '', ''];
  const warnings: string[] = [];
  while (pos < len) {
    lineNo++;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = nl + 1;
    if (end === start || isBlank(text, start, end)) continue;

    const d1 = text.indexOf(delimiter, start);
    const d2 = d1 >= 0 && d1 < end ? text.indexOf(delimiter, d1 + dl) : -1;
    const d3 = d2 >= 0 && d2 < end ? text.indexOf(delimiter, d2 + dl) : -1;
    if (d1 < 0 || d1 >= end || d2 < 0 || d2 >= end || (d3 >= 0 && d3 < end)) {
      throw fieldCountError(text.slice(start, end), delimiter, `${source}:${lineNo}`);
    }
    fields[0] = text.slice(start, d1);
    fields[1] = text.slice(d1 + dl, d2);
    fields[2] = text.slice(d2 + dl, end);
    if (count === 0 && looksLikeHeader(fields)) {
      warnings.push(
        `${source}:${lineNo}: the first line ${show(text.slice(start, end))} looks like a header; triples files have no header row, ` +
          'so it is loaded as a triple. Delete the line if it is a header.',
      );
    }
    if (3 * count + 3 > ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    const row = 3 * count;
    for (let f = 0; f < 3; f++) {
      const label = fields[f]!;
      const slot = slots[f]!;
      if (label.length === 0) {
        throw new DataError(`the ${SLOT_NAMES[slot]} label (field ${f + 1}) is empty; line: ${show(text.slice(start, end))}`, `${source}:${lineNo}`);
      }
      ids[row + slot] = slot === 1 ? relations.intern(label) : entities.intern(label);
    }
    count++;
  }
  return { ids: ids.slice(0, 3 * count), count, entities, relations, source, warnings };
}

function looksLikeHeader(fields: readonly string[]): boolean {
  const words = fields.map((f) => f.trim().toLowerCase()).sort();
  return HEADER_WORDS.some((family) => [...family].sort().every((w, i) => w === words[i]));
}

/** One labeled triple `[head, relation, tail]`. */
export type LabeledTriple = readonly [string, string, string];

/** Interns in-memory label triples like the file parser does (labels must be non-empty strings). */
export function rawFromLabeledTriples(triples: Iterable<LabeledTriple>, source = 'labeled triples'): RawTriples {
  const entities = new LabelIndex();
  const relations = new LabelIndex();
  const ids: number[] = [];
  let i = 0;
  for (const triple of triples) {
    if (!Array.isArray(triple) || triple.length !== 3 || !triple.every((x) => typeof x === 'string' && x.length > 0)) {
      throw new DataError(`triple ${i} must be three non-empty strings [head, relation, tail]; got ${JSON.stringify(triple)}`, source);
    }
    ids.push(entities.intern(triple[0]), relations.intern(triple[1]), entities.intern(triple[2]));
    i++;
  }
  return { ids: Int32Array.from(ids), count: i, entities, relations, source, warnings: [] };
}

/** Reads and parses a triples file (plain or gzip, see `readTextFile`). */
export async function readTriplesFile(path: string, options: ParseOptions = {}): Promise<RawTriples> {
  // Check options before touching the file so a config mistake is reported as such.
  checkDelimiter(options.delimiter);
  columnSlots(options.columns);
  return parseTriplesText(await readTextFile(path), path, options);
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}

function show(line: string): string {
  return JSON.stringify(line.length > 120 ? line.slice(0, 117) + '...' : line);
}

function fieldCountError(line: string, delimiter: string, where: string): DataError {
  const n = line.split(delimiter).length;
  const delimName = delimiter === '\t' ? 'tab' : JSON.stringify(delimiter);
  let hint: string;
  if (n < 3) {
    const candidates: [string, string][] = [
      [',', 'comma'],
      [';', 'semicolon'],
      ['|', 'pipe'],
      ['\t', 'tab'],
      [' ', 'space'],
    ];
    const found = candidates.find(([c]) => c !== delimiter && line.split(c).length >= 3);
    hint = found
      ? `is the file ${found[1]}-separated? set dataset.delimiter to ${JSON.stringify(found[0])}`
      : `expected head, relation and tail separated by ${delimName}`;
  } else {
    hint = `expected exactly 3 (head, relation, tail); is there an extra column or a trailing ${delimName}?`;
  }
  return new DataError(`found ${n} field(s) separated by ${delimName}; ${hint}; line: ${show(line)}`, where);
}
