import { createHash } from 'node:crypto';
import { readDataBytes } from './text.js';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a data file's content, after gunzip for `.gz` files (the registry's checksums are of content). */
export async function sha256OfDataFile(path: string): Promise<string> {
  return sha256Hex(await readDataBytes(path));
}
