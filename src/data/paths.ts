import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type DatasetSplit = 'train' | 'valid' | 'test';
export const DATASET_SPLITS: readonly DatasetSplit[] = ['train', 'valid', 'test'];

/** Cache root: `$KGE_DATA_HOME`, else `~/.kge/datasets`. An explicit argument wins over both. */
export function dataHome(override?: string): string {
  const home = override ?? process.env.KGE_DATA_HOME;
  return home && home.length > 0 ? resolve(home) : join(homedir(), '.kge', 'datasets');
}

/** Folder of one dataset in the cache: `<home>/<name>`. */
export function datasetDir(name: string, home?: string): string {
  return join(dataHome(home), name);
}

/** The file names a split may have in a dataset folder, in the order they are tried. */
export function splitFileCandidates(dir: string, split: DatasetSplit): string[] {
  return [join(dir, `${split}.txt`), join(dir, `${split}.txt.gz`)];
}

/** The first existing file of a split (plain before gzip), or undefined. */
export function findSplitFile(dir: string, split: DatasetSplit): string | undefined {
  return splitFileCandidates(dir, split).find((p) => existsSync(p));
}
