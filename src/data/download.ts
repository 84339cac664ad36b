import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';
import { ProgressBar } from '../util/progress.js';
import { sha256Hex, sha256OfDataFile } from './checksum.js';
import { getDatasetEntry, type DatasetEntry } from './datasets.js';
import { DATASET_SPLITS, datasetDir, findSplitFile, type DatasetSplit } from './paths.js';
import { findTarMember, readTar } from './tar.js';

export interface DownloadOptions {
  /** Cache root; default `$KGE_DATA_HOME` or `~/.kge/datasets`. */
  dataHome?: string;
  /**
   * Replaces the scheme and host of every source URL (the path is kept), so a mirror serves the
   * same paths as the sources. An http(s) URL, or a local folder (path or file:// URL).
   * Default `$KGE_DATASET_MIRROR`.
   */
  mirror?: string;
  /** Download again even when the files are present. */
  force?: boolean;
  quiet?: boolean;
}

export interface DownloadResult {
  name: string;
  dir: string;
  files: Record<DatasetSplit, string>;
  /** False when the files were already present and nothing was fetched. */
  downloaded: boolean;
}

/** Where a URL is fetched from once the mirror (option or KGE_DATASET_MIRROR) is applied. */
export function resolveSourceUrl(url: string, mirror: string | undefined = process.env.KGE_DATASET_MIRROR): string {
  if (!mirror) return url;
  const path = new URL(url).pathname;
  if (/^https?:\/\//i.test(mirror)) return mirror.replace(/\/+$/, '') + path;
  const folder = mirror.startsWith('file:') ? fileURLToPath(mirror) : mirror;
  return join(folder, ...decodeURIComponent(path).split('/').filter(Boolean));
}

/** The mirror in use and how it was given, so messages name the setting the user actually used. */
interface Mirror {
  value: string | undefined;
  /** `--mirror` (the `mirror` option) or `KGE_DATASET_MIRROR`. */
  setBy: string;
}

function mirrorOf(options: DownloadOptions): Mirror {
  if (options.mirror !== undefined) return { value: options.mirror, setBy: '--mirror' };
  return { value: process.env.KGE_DATASET_MIRROR, setBy: 'KGE_DATASET_MIRROR' };
}

/**
 * Downloads a registry dataset into `<home>/<name>/{train,valid,test}.txt`. Each download goes
 * to a temp file in that folder; archives are unpacked in memory; every final file is checked
 * against its SHA-256 before any is renamed into place, so a failure leaves no partial files.
 */
export async function downloadDataset(nameOrEntry: string | DatasetEntry, options: DownloadOptions = {}): Promise<DownloadResult> {
  const entry = typeof nameOrEntry === 'string' ? getDatasetEntry(nameOrEntry) : nameOrEntry;
  const { source, sha256 } = entry;
  if (!source || !sha256) {
    throw new DataError(`'${entry.name}' is built offline from installed packages; there is nothing to download`, 'dataset');
  }
  const dir = datasetDir(entry.name, options.dataHome);
  const finals = Object.fromEntries(DATASET_SPLITS.map((s) => [s, join(dir, `${s}.txt`)])) as Record<DatasetSplit, string>;
  const present = DATASET_SPLITS.map((s) => findSplitFile(dir, s));
  if (!options.force && present.every((p) => p !== undefined)) {
    return { name: entry.name, dir, files: Object.fromEntries(DATASET_SPLITS.map((s, i) => [s, present[i]!])) as Record<DatasetSplit, string>, downloaded: false };
  }
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const mirror = mirrorOf(options);
  const temps: string[] = [];
  const ready: [string, string][] = [];
  try {
    if (source.kind === 'files') {
      for (const split of DATASET_SPLITS) {
        const url = source.urls[split];
        const fetched = await fetchToTemp(entry, url, dir, mirror, options.quiet);
        temps.push(fetched.path);
        let digest = fetched.sha256;
        if (entry.stripCarriageReturns) {
          const text = stripCr(await readFile(fetched.path));
          await writeFile(fetched.path, text);
          digest = sha256Hex(text);
        }
        checkDigest(digest, sha256[split], finals[split], url);
        ready.push([fetched.path, finals[split]]);
      }
    } else {
      const fetched = await fetchToTemp(entry, source.url, dir, mirror, options.quiet);
      temps.push(fetched.path);
      let tarBytes: Uint8Array;
      try {
        tarBytes = gunzipSync(await readFile(fetched.path));
      } catch (err) {
        throw new DataError(`downloaded archive is not valid gzip (${(err as Error).message})`, source.url);
      }
      const members = readTar(tarBytes, source.url);
      for (const split of DATASET_SPLITS) {
        const member = findTarMember(members, source.members[split], source.url);
        const content = entry.stripCarriageReturns ? stripCr(member.data) : member.data;
        checkDigest(sha256Hex(content), sha256[split], finals[split], `${source.url} (${member.name})`);
        const tmp = tempPath(dir, `${split}.txt`);
        temps.push(tmp);
        await writeFile(tmp, content);
        ready.push([tmp, finals[split]]);
      }
    }
    for (const [tmp, final] of ready) {
      // A stale gzip copy would shadow nothing (plain files are read first) but could confuse; drop it.
      rmSync(`${final}.gz`, { force: true });
      await rename(tmp, final);
    }
  } catch (err) {
    // Leave the cache as it was: no temp files, and no empty folder we made.
    for (const tmp of temps) rmSync(tmp, { force: true });
    if (created && readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  // The downloaded archive (and any temp not renamed) is not kept.
  for (const tmp of temps) rmSync(tmp, { force: true });
  return { name: entry.name, dir, files: finals, downloaded: true };
}

export interface VerifiedFile {
  split: DatasetSplit;
  /** The file checked, or null when missing. */
  path: string | null;
  expected: string;
  actual: string | null;
  ok: boolean;
}

export interface VerifyResult {
  name: string;
  dir: string;
  ok: boolean;
  files: VerifiedFile[];
}

/** Re-computes the SHA-256 of each cached split file (content after gunzip) and compares. */
export async function verifyDataset(nameOrEntry: string | DatasetEntry, options: { dataHome?: string } = {}): Promise<VerifyResult> {
  const entry = typeof nameOrEntry === 'string' ? getDatasetEntry(nameOrEntry) : nameOrEntry;
  if (!entry.sha256) {
    throw new DataError(`'${entry.name}' is built offline from installed packages; it has no files to verify`, 'dataset');
  }
  const dir = datasetDir(entry.name, options.dataHome);
  const files: VerifiedFile[] = [];
  for (const split of DATASET_SPLITS) {
    const path = findSplitFile(dir, split) ?? null;
    const expected = entry.sha256[split];
    const actual = path ? await sha256OfDataFile(path) : null;
    files.push({ split, path, expected, actual, ok: actual === expected });
  }
  return { name: entry.name, dir, ok: files.every((f) => f.ok), files };
}

/** What to do by hand when a dataset cannot be fetched. */
export function manualInstructions(entry: DatasetEntry, dir: string): string {
  const source = entry.source;
  if (!source) return `'${entry.name}' is built offline; nothing to place.`;
  const cr = entry.stripCarriageReturns ? ' and convert CRLF line endings to LF' : '';
  const what =
    source.kind === 'files'
      ? DATASET_SPLITS.map((s) => `${source.urls[s]} -> ${join(dir, `${s}.txt`)}`).join('; ')
      : `unpack ${Object.values(source.members).join(', ')} from ${source.url} into ${dir}${cr}`;
  return (
    `Without network access: fetch the files on another machine and place them (${what}); ` +
    `or set KGE_DATASET_MIRROR to a mirror (http URL or local folder) that serves the same paths as the source URLs; ` +
    `or set KGE_DATA_HOME to a folder that already holds ${entry.name}/{train,valid,test}.txt. ` +
    `Then check them with \`kge datasets verify ${entry.name}\`.`
  );
}

function checkDigest(actual: string, expected: string, file: string, from: string): void {
  if (actual !== expected) {
    throw new DataError(
      `checksum mismatch for ${basename(file)} downloaded from ${from}: expected SHA-256 ${expected}, got ${actual}. ` +
        'The download is corrupt or the source changed; no file was written.',
      file,
    );
  }
}

function tempPath(dir: string, name: string): string {
  return join(dir, `.partial-${process.pid}-${randomBytes(4).toString('hex')}-${name}`);
}

function stripCr(bytes: Uint8Array): Uint8Array {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0x0d) n++;
  if (n === bytes.length) return bytes;
  const out = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0x0d) out[k++] = bytes[i]!;
  return out;
}

/** Streams `url` (after the mirror) into a temp file in `dir`, hashing and showing progress. */
async function fetchToTemp(
  entry: DatasetEntry,
  url: string,
  dir: string,
  mirror: Mirror,
  quiet?: boolean,
): Promise<{ path: string; sha256: string }> {
  const target = resolveSourceUrl(url, mirror.value);
  const name = basename(new URL(url).pathname);
  let chunks: AsyncIterable<Uint8Array>;
  let total = 0;
  if (/^https?:\/\//i.test(target)) {
    let res: Response;
    try {
      res = await fetch(target);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new DataError(`could not download ${target} (${why}). ${manualInstructions(entry, dir)}`, `dataset ${entry.name}`);
    }
    if (!res.ok || !res.body) {
      throw new DataError(`could not download ${target}: HTTP ${res.status} ${res.statusText}. ${manualInstructions(entry, dir)}`, `dataset ${entry.name}`);
    }
    total = Number(res.headers.get('content-length')) || 0;
    chunks = res.body as unknown as AsyncIterable<Uint8Array>;
  } else {
    if (!isAbsolute(target) || !existsSync(target)) {
      throw new DataError(`mirror file not found: ${target} (mirror ${mirror.value}, set by ${mirror.setBy}). ${manualInstructions(entry, dir)}`, `dataset ${entry.name}`);
    }
    total = statSync(target).size;
    chunks = createReadStream(target);
  }
  const path = tempPath(dir, name);
  const hash = createHash('sha256');
  const bar = new ProgressBar({ label: `download ${entry.name}/${name}`, total, unit: 'B', quiet });
  const out = await open(path, 'w');
  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      await out.write(chunk);
      bar.tick(chunk.length);
    }
  } catch (err) {
    await out.close();
    rmSync(path, { force: true });
    throw new DataError(`download of ${target} failed midway (${(err as Error).message}). ${manualInstructions(entry, dir)}`, `dataset ${entry.name}`);
  }
  await out.close();
  bar.finish();
  return { path, sha256: hash.digest('hex') };
}
