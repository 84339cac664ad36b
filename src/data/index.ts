/** Public API of the data layer: parsing, triples factories, datasets, downloads. */
export { LabelIndex } from './labels.js';
export { isGzip, readDataBytes, readTextFile, decodeUtf8 } from './text.js';
export {
  parseTriplesText,
  readTriplesFile,
  rawFromLabeledTriples,
  columnSlots,
  type ColumnName,
  type ParseOptions,
  type RawTriples,
  type LabeledTriple,
} from './parse.js';
export { TripleSet, packTriple, unpackTriple, canPackTriples, assertPackable } from './triple-set.js';
export { TriplesFactory, INVERSE_SUFFIX, type FactoryOptions, type FactoryRole, type MappedSplit } from './triples-factory.js';
export { normalizeRatios, splitTripleIndices } from './split.js';
export { emptySplitWarning, formatLoadReport, type LoadReport, type SplitReport, type SplitName } from './report.js';
export {
  datasetEntries,
  datasetNames,
  findDatasetEntry,
  getDatasetEntry,
  normalizeDatasetName,
  type DatasetEntry,
  type DatasetCounts,
  type FileSource,
  type ArchiveSource,
} from './datasets.js';
export { dataHome, datasetDir, findSplitFile, splitFileCandidates, DATASET_SPLITS, type DatasetSplit } from './paths.js';
export { loadDataset, type Dataset, type DatasetSpec, type FileDatasetSpec, type LoadDatasetOptions } from './dataset.js';
export {
  downloadDataset,
  verifyDataset,
  resolveSourceUrl,
  manualInstructions,
  type DownloadOptions,
  type DownloadResult,
  type VerifyResult,
  type VerifiedFile,
} from './download.js';
export { readTar, findTarMember, type TarEntry } from './tar.js';
export { sha256Hex, sha256OfDataFile } from './checksum.js';
export { buildOfflineDataset, offlineDatasetNames } from './builders/index.js';
