import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DataError } from '../errors.js';

const gunzipAsync = promisify(gunzip);

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a data file and returns its bytes, gunzipped when the name ends in `.gz` or the content
 * starts with the gzip magic bytes (so a compressed file with a plain name still works).
 */
export async function readDataBytes(path: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError('file not found', path);
    if (code === 'EISDIR') throw new DataError('expected a triples file, found a folder', path);
    throw new DataError(`cannot read file (${(err as Error).message})`, path);
  }
  if (isGzip(raw) || path.endsWith('.gz')) {
    try {
      return await gunzipAsync(raw);
    } catch (err) {
      throw new DataError(`not a valid gzip file (${(err as Error).message})`, path);
    }
  }
  return raw;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 strictly (a leading BOM is dropped). Invalid bytes are an error that names the
 * line, instead of silently becoming U+FFFD and producing labels that never match.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new DataError(`not valid UTF-8 (byte offset ${offset}); save the file as UTF-8`, `${source}:${line}`);
  }
}

/** Offset of the first byte that breaks UTF-8 well-formedness (only used to report errors). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** Reads a whole text data file (plain or gzip, UTF-8 with or without BOM). */
export async function readTextFile(path: string): Promise<string> {
  return decodeUtf8(await readDataBytes(path), path);
}
