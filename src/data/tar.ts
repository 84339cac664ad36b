import { DataError } from '../errors.js';

/** One member of a tar archive. `type` is the ustar type flag ('0' regular file, '5' folder, ...). */
export interface TarEntry {
  name: string;
  type: string;
  data: Uint8Array;
}

const BLOCK = 512;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * Reads an uncompressed tar archive (POSIX ustar, with GNU long names and pax `path` records)
 * held in memory. Header checksums are checked, so a corrupt archive is an error, not garbage.
 */
export function readTar(bytes: Uint8Array, source = 'archive'): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    checkHeaderSum(header, offset, source);
    const size = readNumber(header, 124, 12);
    const type = String.fromCharCode(header[156]!);
    let name = readString(header, 0, 100);
    if (readString(header, 257, 5) === 'ustar') {
      const prefix = readString(header, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new DataError(`truncated tar archive: member '${name}' needs ${size} bytes at offset ${start}, archive has ${bytes.length}`, source);
    }
    const data = bytes.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = utf8.decode(data).replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue; // global pax header: nothing we need
    entries.push({ name: longName ?? name, type: type === '\0' ? '0' : type, data });
    longName = undefined;
  }
  return entries;
}

/**
 * The regular file whose base name is `fileName`, in any folder. macOS metadata (`._*`,
 * `__MACOSX/`) is ignored. None or several matches are errors listing the members.
 */
export function findTarMember(entries: TarEntry[], fileName: string, source = 'archive'): TarEntry {
  const matches = entries.filter((e) => {
    if (e.type !== '0' && e.type !== '7') return false;
    const parts = e.name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('__MACOSX')) return false;
    return parts[parts.length - 1] === fileName;
  });
  if (matches.length === 1) return matches[0]!;
  const names = entries.filter((e) => e.type === '0').map((e) => e.name);
  throw new DataError(
    matches.length === 0
      ? `no file named '${fileName}' in the archive; it holds: ${names.join(', ') || '(no files)'}`
      : `several files named '${fileName}' in the archive: ${matches.map((m) => m.name).join(', ')}`,
    source,
  );
}

function readString(h: Uint8Array, at: number, len: number): string {
  const field = h.subarray(at, at + len);
  const end = field.indexOf(0);
  return utf8.decode(end < 0 ? field : field.subarray(0, end));
}

/** Octal text, or GNU base-256 (high bit of the first byte set) for large sizes. */
function readNumber(h: Uint8Array, at: number, len: number): number {
  if (h[at]! & 0x80) {
    let v = h[at]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + h[at + i]!;
    return v;
  }
  const text = latin1.decode(h.subarray(at, at + len)).replace(/[\0 ]+/g, ' ').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checkHeaderSum(h: Uint8Array, offset: number, source: string): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  const stored = readNumber(h, 148, 8);
  if (stored !== sum) throw new DataError(`corrupt tar header at offset ${offset} (checksum ${stored}, computed ${sum}); is this a tar archive?`, source);
}

/** The `path` record of a pax extended header: records `LEN key=value\n`, LEN in bytes. */
function paxPath(data: Uint8Array): string | undefined {
  let pos = 0;
  let path: string | undefined;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(latin1.decode(data.subarray(pos, space)), 10);
    if (!(len > 0) || pos + len > data.length) break;
    const record = utf8.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    pos += len;
  }
  return path;
}
