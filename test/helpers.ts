import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared benchmark datasets beside the repository (../shared/datasets), if present. */
export const SHARED_DATASETS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/datasets');
export const hasShared = existsSync(join(SHARED_DATASETS, 'nations', 'train.txt'));

/** Points the dataset cache at the shared datasets for the current test file. */
export function useSharedDatasets(): void {
  process.env.KGE_DATA_HOME = SHARED_DATASETS;
}

export function tempDir(prefix = 'kge-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
