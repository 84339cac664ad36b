import { DataError } from '../errors.js';
import { log } from '../util/progress.js';
import { rawFromLabeledTriples, readTriplesFile, type LabeledTriple, type ParseOptions, type RawTriples } from './parse.js';
import type { SplitName, SplitReport } from './report.js';
import { splitTripleIndices } from './split.js';
import { TripleSet } from './triple-set.js';

export type { LabeledTriple };

export interface FactoryOptions {
  /** Add (t, r_inverse, h) for every training triple; inverse of r has id r + numBaseRelations. */
  createInverseTriples?: boolean;
}

/**
 * `training` factories define the label <-> id maps; `evaluation` factories (validation,
 * testing, or parts from `split`) borrow the maps of a training factory and never hold inverse
 * triples.
 */
export type FactoryRole = 'training' | 'evaluation';

interface FactoryParts {
  entityLabels: string[];
  relationLabels: string[];
  entityToId: Map<string, number>;
  relationToId: Map<string, number>;
  mappedTriples: Int32Array;
  numBaseRelations: number;
  createInverseTriples: boolean;
  role: FactoryRole;
  duplicatesRemoved?: number;
}

/** The result of mapping an evaluation split with a training factory's maps. */
export interface MappedSplit {
  factory: TriplesFactory;
  report: SplitReport;
}

export const INVERSE_SUFFIX = '_inverse';

/**
 * Triples with their label <-> id maps (see docs/architecture.md). Entity and relation ids are
 * the positions of the labels in code-unit sorted order (JavaScript's default sort), so the
 * same training file always gives the same ids. Exact duplicate triples are removed.
 */
export class TriplesFactory {
  readonly entityLabels: string[];
  readonly relationLabels: string[];
  readonly entityToId: Map<string, number>;
  readonly relationToId: Map<string, number>;
  /** `3 * numTriples` ids; with inverse triples, rows [0, n) are the originals and rows [n, 2n) their inverses in the same order. */
  readonly mappedTriples: Int32Array;
  readonly numTriples: number;
  readonly numEntities: number;
  /** Counts inverse relations when present. */
  readonly numRelations: number;
  readonly numBaseRelations: number;
  /** Whether the relation id space holds inverse relations (shared by evaluation factories mapped from it). */
  readonly createInverseTriples: boolean;
  readonly role: FactoryRole;
  /** Exact duplicate triples removed when this factory was built. */
  readonly duplicatesRemoved: number;
  private knownTriples?: TripleSet;

  /** Low-level: prefer `fromLabeledTriples`, `fromPath` or `fromMappedTriples`. */
  constructor(parts: FactoryParts) {
    this.entityLabels = parts.entityLabels;
    this.relationLabels = parts.relationLabels;
    this.entityToId = parts.entityToId;
    this.relationToId = parts.relationToId;
    this.mappedTriples = parts.mappedTriples;
    this.numTriples = parts.mappedTriples.length / 3;
    this.numEntities = parts.entityLabels.length;
    this.numRelations = parts.relationLabels.length;
    this.numBaseRelations = parts.numBaseRelations;
    this.createInverseTriples = parts.createInverseTriples;
    this.role = parts.role;
    this.duplicatesRemoved = parts.duplicatesRemoved ?? 0;
  }

  /** Builds a training factory from label triples `[head, relation, tail]`. */
  static fromLabeledTriples(triples: Iterable<LabeledTriple>, options: FactoryOptions = {}): TriplesFactory {
    return TriplesFactory.fromRaw(rawFromLabeledTriples(triples, 'labeled triples'), options);
  }

  /** Builds a training factory from a triples file (plain or gzip; see `ParseOptions`). Parse warnings go to the log. */
  static async fromPath(path: string, options: FactoryOptions & ParseOptions = {}): Promise<TriplesFactory> {
    return TriplesFactory.fromRaw(logWarnings(await readTriplesFile(path, options)), options);
  }

  /** Builds a training factory from parsed raw triples. No triples at all is a DataError naming the source. */
  static fromRaw(raw: RawTriples, options: FactoryOptions = {}): TriplesFactory {
    // Fail here, at load time, rather than later in a sampler or the model with an unrelated message.
    if (raw.count === 0) {
      throw new DataError('has no triples (it is empty or holds only blank lines); the training split needs at least one triple', raw.source);
    }
    const entityLabels = [...raw.entities.labels].sort();
    const baseRelationLabels = [...raw.relations.labels].sort();
    const entityToId = indexMap(entityLabels);
    const relationToId = indexMap(baseRelationLabels);
    const eMap = remap(raw.entities.labels, entityToId);
    const rMap = remap(raw.relations.labels, relationToId);
    const seen = new TripleSet(raw.count);
    const out = new Int32Array(3 * raw.count);
    let n = 0;
    for (let i = 0; i < raw.count; i++) {
      const h = eMap[raw.ids[3 * i]!]!;
      const r = rMap[raw.ids[3 * i + 1]!]!;
      const t = eMap[raw.ids[3 * i + 2]!]!;
      if (!seen.add(h, r, t)) continue;
      out[3 * n] = h;
      out[3 * n + 1] = r;
      out[3 * n + 2] = t;
      n++;
    }
    const factory = new TriplesFactory({
      entityLabels,
      relationLabels: baseRelationLabels,
      entityToId,
      relationToId,
      mappedTriples: n === raw.count ? out : out.slice(0, 3 * n),
      numBaseRelations: baseRelationLabels.length,
      createInverseTriples: false,
      role: 'training',
      duplicatesRemoved: raw.count - n,
    });
    factory.knownTriples = seen;
    return options.createInverseTriples ? factory.withInverseTriples() : factory;
  }

  /**
   * Builds a training factory from ids that are already mapped. Labels default to zero-padded
   * `e000..`/`r000..` so that their sorted order matches the ids. Duplicates are removed.
   */
  static fromMappedTriples(
    mappedTriples: Int32Array,
    sizes: { numEntities: number; numRelations: number; entityLabels?: string[]; relationLabels?: string[] },
    options: FactoryOptions = {},
  ): TriplesFactory {
    const entityLabels = sizes.entityLabels ?? paddedLabels('e', sizes.numEntities);
    const relationLabels = sizes.relationLabels ?? paddedLabels('r', sizes.numRelations);
    if (entityLabels.length !== sizes.numEntities || relationLabels.length !== sizes.numRelations) {
      throw new DataError('label lists must have numEntities and numRelations entries');
    }
    checkSorted(entityLabels, 'entity');
    checkSorted(relationLabels, 'relation');
    const seen = new TripleSet(mappedTriples.length / 3);
    const rows: number[] = [];
    for (let i = 0; i < mappedTriples.length; i += 3) {
      const h = mappedTriples[i]!;
      const r = mappedTriples[i + 1]!;
      const t = mappedTriples[i + 2]!;
      if (h < 0 || h >= sizes.numEntities || t < 0 || t >= sizes.numEntities || r < 0 || r >= sizes.numRelations) {
        throw new DataError(`triple ${i / 3} (${h}, ${r}, ${t}) has an id out of range (entities ${sizes.numEntities}, relations ${sizes.numRelations})`);
      }
      if (seen.add(h, r, t)) rows.push(i / 3);
    }
    const factory = new TriplesFactory({
      entityLabels,
      relationLabels,
      entityToId: indexMap(entityLabels),
      relationToId: indexMap(relationLabels),
      mappedTriples: selectRows(mappedTriples, rows),
      numBaseRelations: relationLabels.length,
      createInverseTriples: false,
      role: 'training',
      duplicatesRemoved: mappedTriples.length / 3 - rows.length,
    });
    return options.createInverseTriples ? factory.withInverseTriples() : factory;
  }

  /**
   * A training factory that also holds the inverse of every triple: (t, r + numBaseRelations, h),
   * relation label `${label}_inverse`. Only for training: evaluation splits are ranked on the
   * original triples, so asking an evaluation factory for inverses is an error.
   */
  withInverseTriples(): TriplesFactory {
    if (this.role !== 'training') {
      throw new DataError('inverse triples can only be created for the training split; evaluation splits keep the original triples and share the training relation ids');
    }
    if (this.createInverseTriples) return this;
    const R = this.numBaseRelations;
    const relationLabels = [...this.relationLabels];
    const relationToId = new Map(this.relationToId);
    for (let r = 0; r < R; r++) {
      const label = this.relationLabels[r]! + INVERSE_SUFFIX;
      if (relationToId.has(label)) {
        throw new DataError(
          `cannot create inverse triples: relation '${this.relationLabels[r]}' would get the inverse label '${label}', which is already a relation of the data`,
        );
      }
      relationLabels.push(label);
      relationToId.set(label, r + R);
    }
    const n = this.numTriples;
    const m = this.mappedTriples;
    const out = new Int32Array(6 * n);
    out.set(m);
    for (let i = 0; i < n; i++) {
      out[3 * (n + i)] = m[3 * i + 2]!;
      out[3 * (n + i) + 1] = m[3 * i + 1]! + R;
      out[3 * (n + i) + 2] = m[3 * i]!;
    }
    return new TriplesFactory({
      entityLabels: this.entityLabels,
      relationLabels,
      entityToId: this.entityToId,
      relationToId,
      mappedTriples: out,
      numBaseRelations: R,
      createInverseTriples: true,
      role: 'training',
      duplicatesRemoved: this.duplicatesRemoved,
    });
  }

  /** The triples without their inverses (the first numTriples/2 rows when inverses are present). */
  get baseTriples(): Int32Array {
    if (!this.createInverseTriples || this.role !== 'training') return this.mappedTriples;
    return this.mappedTriples.subarray(0, this.mappedTriples.length / 2);
  }

  /** A hash set of this factory's triples (built once, then cached). */
  tripleSet(): TripleSet {
    if (!this.knownTriples) this.knownTriples = TripleSet.fromTriples(this.mappedTriples);
    return this.knownTriples;
  }

  /**
   * Maps an evaluation split with this (training) factory's maps. Triples with a head, relation
   * or tail label that training lacks are dropped; the report counts those triples and the
   * distinct unseen labels separately. Exact duplicates within the split are removed and counted.
   */
  mapRaw(raw: RawTriples, split: SplitName = 'validation'): MappedSplit {
    if (this.role !== 'training') throw new DataError('evaluation triples must be mapped with the training factory');
    const eMap = remap(raw.entities.labels, this.entityToId);
    const rMap = remap(raw.relations.labels, this.relationToId, this.numBaseRelations);
    const seen = new TripleSet(raw.count);
    const known = this.tripleSet();
    const out = new Int32Array(3 * raw.count);
    let n = 0;
    let dropped = 0;
    let duplicates = 0;
    let alsoInTraining = 0;
    for (let i = 0; i < raw.count; i++) {
      const h = eMap[raw.ids[3 * i]!]!;
      const r = rMap[raw.ids[3 * i + 1]!]!;
      const t = eMap[raw.ids[3 * i + 2]!]!;
      if (h < 0 || r < 0 || t < 0) {
        dropped++;
        continue;
      }
      if (!seen.add(h, r, t)) {
        duplicates++;
        continue;
      }
      if (known.has(h, r, t)) alsoInTraining++;
      out[3 * n] = h;
      out[3 * n + 1] = r;
      out[3 * n + 2] = t;
      n++;
    }
    const unseenEntityLabels = raw.entities.labels.filter((_, k) => eMap[k]! < 0);
    const unseenRelationLabels = raw.relations.labels.filter((_, k) => rMap[k]! < 0);
    const factory = this.evaluationFactory(n === raw.count ? out : out.slice(0, 3 * n), duplicates);
    factory.knownTriples = seen;
    return {
      factory,
      report: {
        split,
        source: raw.source,
        triplesRead: raw.count,
        kept: n,
        duplicatesRemoved: duplicates,
        droppedUnseen: dropped,
        unseenEntities: unseenEntityLabels.length,
        unseenRelations: unseenRelationLabels.length,
        unseenEntityLabels,
        unseenRelationLabels,
        alsoInTraining,
      },
    };
  }

  mapLabeledTriples(triples: Iterable<LabeledTriple>, split: SplitName = 'validation', source = 'labeled triples'): MappedSplit {
    return this.mapRaw(rawFromLabeledTriples(triples, source), split);
  }

  /** Reads and maps an evaluation file (see `mapRaw`). Parse warnings go to the log. */
  async mapPath(path: string, options: ParseOptions = {}, split: SplitName = 'validation'): Promise<MappedSplit> {
    return this.mapRaw(logWarnings(await readTriplesFile(path, options)), split);
  }

  /**
   * Splits this factory's triples into a training factory and evaluation factories (same ids,
   * same maps) by `ratios` (e.g. `[0.8, 0.1, 0.1]`, or `[0.8, 0.1]` with the rest last). Every
   * entity and relation of the later parts occurs in the training part; see `splitTripleIndices`
   * for the rule. Split before creating inverse triples.
   */
  split(ratios: readonly number[], seed: number): TriplesFactory[] {
    if (this.role !== 'training') throw new DataError('only a training factory can be split');
    if (this.createInverseTriples) {
      throw new DataError('split the triples first, then create inverse triples on the training part (withInverseTriples)');
    }
    const parts = splitTripleIndices(this.mappedTriples, this.numEntities, this.numRelations, ratios, seed);
    return parts.map((rows, k) => {
      const mapped = selectRows(this.mappedTriples, rows);
      if (k > 0) return this.evaluationFactory(mapped, 0);
      return new TriplesFactory({
        entityLabels: this.entityLabels,
        relationLabels: this.relationLabels,
        entityToId: this.entityToId,
        relationToId: this.relationToId,
        mappedTriples: mapped,
        numBaseRelations: this.numBaseRelations,
        createInverseTriples: false,
        role: 'training',
      });
    });
  }

  /** Row i as labels. */
  labeledTriple(i: number): [string, string, string] {
    const m = this.mappedTriples;
    return [this.entityLabels[m[3 * i]!]!, this.relationLabels[m[3 * i + 1]!]!, this.entityLabels[m[3 * i + 2]!]!];
  }

  toLabeledTriples(): [string, string, string][] {
    const out: [string, string, string][] = [];
    for (let i = 0; i < this.numTriples; i++) out.push(this.labeledTriple(i));
    return out;
  }

  /**
   * An evaluation factory over already-mapped triples, sharing this training factory's maps and
   * relation space. Ids must be in range and relations must be base (non-inverse) relations.
   */
  evaluationSplit(mappedTriples: Int32Array): TriplesFactory {
    if (this.role !== 'training') throw new DataError('evaluation splits are made from the training factory');
    for (let i = 0; i < mappedTriples.length; i += 3) {
      const h = mappedTriples[i]!;
      const r = mappedTriples[i + 1]!;
      const t = mappedTriples[i + 2]!;
      if (!(h >= 0 && h < this.numEntities && t >= 0 && t < this.numEntities && r >= 0 && r < this.numBaseRelations)) {
        throw new DataError(`evaluation triple ${i / 3} (${h}, ${r}, ${t}) is out of range (entities ${this.numEntities}, base relations ${this.numBaseRelations})`);
      }
    }
    return this.evaluationFactory(mappedTriples, 0);
  }

  private evaluationFactory(mappedTriples: Int32Array, duplicatesRemoved: number): TriplesFactory {
    return new TriplesFactory({
      entityLabels: this.entityLabels,
      relationLabels: this.relationLabels,
      entityToId: this.entityToId,
      relationToId: this.relationToId,
      mappedTriples,
      numBaseRelations: this.numBaseRelations,
      createInverseTriples: this.createInverseTriples,
      role: 'evaluation',
      duplicatesRemoved,
    });
  }
}

/** For the direct file constructors, which have no report to carry warnings. */
function logWarnings(raw: RawTriples): RawTriples {
  for (const w of raw.warnings ?? []) log.warn(w);
  return raw;
}

function indexMap(labels: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  labels.forEach((label, i) => map.set(label, i));
  return map;
}

/** raw id -> final id (or -1 when the label is unknown or, with `limit`, not below it). */
function remap(labels: readonly string[], toId: Map<string, number>, limit = Infinity): Int32Array {
  const out = new Int32Array(labels.length);
  for (let k = 0; k < labels.length; k++) {
    const id = toId.get(labels[k]!);
    out[k] = id === undefined || id >= limit ? -1 : id;
  }
  return out;
}

function selectRows(triples: Int32Array, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(3 * rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    out[3 * k] = triples[3 * i]!;
    out[3 * k + 1] = triples[3 * i + 1]!;
    out[3 * k + 2] = triples[3 * i + 2]!;
  }
  return out;
}

function paddedLabels(prefix: string, n: number): string[] {
  const width = String(Math.max(0, n - 1)).length;
  return Array.from({ length: n }, (_, i) => prefix + String(i).padStart(width, '0'));
}

function checkSorted(labels: readonly string[], kind: string): void {
  for (let i = 1; i < labels.length; i++) {
    if (!(labels[i - 1]! < labels[i]!)) {
      throw new DataError(`${kind} labels must be distinct and sorted (JavaScript default order); '${labels[i - 1]}' comes before '${labels[i]}'`);
    }
  }
}
