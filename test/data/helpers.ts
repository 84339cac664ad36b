import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir as baseTempDir } from '../helpers.js';

// Where the real datasets are is decided in test/helpers.ts only.
export { SHARED_DATASETS, hasShared } from '../helpers.js';

/**
 * A temp folder with a file writer. The folder is made on first use, so a file whose tests are
 * all skipped (its afterAll hooks then do not run) leaves nothing behind; once made, it is
 * removed after the test file (see test/helpers.ts).
 */
export function tempDir(prefix = 'kge-data-'): { readonly dir: string; write(name: string, data: string | Uint8Array): string; cleanup(): void } {
  let made: string | undefined;
  const dir = () => (made ??= baseTempDir(prefix));
  return {
    get dir() {
      return dir();
    },
    write(name, data) {
      const p = join(dir(), name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
      return p;
    },
    cleanup: () => {
      if (made) rmSync(made, { recursive: true, force: true });
    },
  };
}

/** A minimal ustar writer for tests (regular files only), independent of the reader under test. */
export function makeTar(files: { name: string; data: Uint8Array | string }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const f of files) {
    const data = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
    const h = new Uint8Array(512);
    const put = (at: number, s: string) => h.set(enc.encode(s), at);
    put(0, f.name);
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, data.length.toString(8).padStart(11, '0') + '\0');
    put(136, '00000000000\0');
    put(148, '        ');
    put(156, '0');
    put(257, 'ustar\0');
    put(263, '00');
    let sum = 0;
    for (const b of h) sum += b;
    put(148, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of blocks) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
