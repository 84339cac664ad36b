/** Shared bench helpers: dataset location and loading, medians, memory readings. */
import { existsSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, TriplesFactory } from '../src/data/index.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** KGE_DATA_HOME, else ../shared/datasets next to the repository. */
export function datasetsHome(): string {
  return process.env.KGE_DATA_HOME ?? resolve(REPO, '../shared/datasets');
}

/** The FB15k-237 files, or null when they are not there. */
export function fb15k237Files(): { train: string; valid: string; test: string } | null {
  const dir = join(datasetsHome(), 'fb15k237');
  const pick = (split: string) => [join(dir, `${split}.txt`), join(dir, `${split}.txt.gz`)].find((p) => existsSync(p));
  const train = pick('train');
  const valid = pick('valid');
  const test = pick('test');
  return train && valid && test ? { train, valid, test } : null;
}

export interface BenchData {
  training: TriplesFactory;
  valid: Int32Array;
  test: Int32Array;
}

/**
 * FB15k-237 mapped with the data layer (training labels define the ids; valid/test triples
 * with unseen labels are dropped, as PyKEEN does: 20,438 test triples). The mapped ids are
 * cached in the temp folder so that the many bench processes parse the files once.
 */
export async function loadFb15k237(): Promise<BenchData> {
  const files = fb15k237Files();
  if (!files) throw new Error(`FB15k-237 not found under ${datasetsHome()}`);
  const stamp = [files.train, files.valid, files.test].map((f) => `${statSync(f).size}-${statSync(f).mtimeMs}`).join('_');
  const cache = join(tmpdir(), `kge-bench-fb15k237-${Buffer.from(stamp).toString('base64url').slice(0, 40)}.bin`);
  if (existsSync(cache)) {
    const buf = readFileSync(cache);
    const head = new Int32Array(buf.buffer, buf.byteOffset, 5);
    const [ne, nr, nTrain, nValid, nTest] = Array.from(head);
    const ints = new Int32Array(buf.buffer.slice(buf.byteOffset + 20, buf.byteOffset + 20 + 4 * 3 * (nTrain! + nValid! + nTest!)));
    const train = ints.subarray(0, 3 * nTrain!);
    return {
      training: TriplesFactory.fromMappedTriples(train, { numEntities: ne!, numRelations: nr! }),
      valid: ints.slice(3 * nTrain!, 3 * (nTrain! + nValid!)),
      test: ints.slice(3 * (nTrain! + nValid!)),
    };
  }
  const ds = await loadDataset({ name: 'fb15k237', ...files }, { quiet: true });
  const t = ds.training;
  const valid = ds.validation!.mappedTriples;
  const test = ds.testing!.mappedTriples;
  const out = new Int32Array(5 + t.mappedTriples.length + valid.length + test.length);
  out.set([t.numEntities, t.numRelations, t.numTriples, valid.length / 3, test.length / 3]);
  out.set(t.mappedTriples, 5);
  out.set(valid, 5 + t.mappedTriples.length);
  out.set(test, 5 + t.mappedTriples.length + valid.length);
  writeFileSync(`${cache}.tmp`, out);
  renameSync(`${cache}.tmp`, cache);
  return { training: t, valid, test };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Peak resident set of this process so far, MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function rssMiB(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
