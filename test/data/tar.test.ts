import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { findTarMember, readTar } from '../../src/data/tar.js';
import { makeTar, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const hasTar = spawnSync('tar', ['--version']).status === 0;

describe('tar reader', () => {
  it('reads members of a ustar archive', () => {
    const big = 'x'.repeat(1300);
    const entries = readTar(makeTar([
      { name: 'data/train.txt', data: 'a\tr\tb\n' },
      { name: 'data/big.txt', data: big },
      { name: 'empty.txt', data: '' },
    ]));
    expect(entries.map((e) => [e.name, e.type, e.data.length])).toEqual([
      ['data/train.txt', '0', 6],
      ['data/big.txt', '0', 1300],
      ['empty.txt', '0', 0],
    ]);
    expect(text(entries[1]!.data)).toBe(big);
  });

  it('finds a member by file name in any folder, ignoring macOS metadata', () => {
    const entries = readTar(makeTar([
      { name: './__MACOSX/._train.txt', data: 'junk' },
      { name: './WN18RR/train.txt', data: 'ok' },
      { name: 'x/valid.txt', data: '1' },
      { name: 'y/valid.txt', data: '2' },
    ]));
    expect(text(findTarMember(entries, 'train.txt').data)).toBe('ok');
    expect(() => findTarMember(entries, 'test.txt')).toThrow(/no file named 'test.txt'.*WN18RR\/train.txt/);
    expect(() => findTarMember(entries, 'valid.txt')).toThrow(/several files named 'valid.txt'/);
  });

  it('rejects corrupt and truncated archives', () => {
    const tar = makeTar([{ name: 'a.txt', data: 'hello world' }]);
    const corrupt = tar.slice();
    corrupt[10] = 65;
    expect(() => readTar(corrupt, 'c.tar')).toThrow(/c\.tar: corrupt tar header at offset 0/);
    expect(() => readTar(tar.subarray(0, 515), 't.tar')).toThrow(DataError);
    expect(() => readTar(new TextEncoder().encode('not a tar'.padEnd(600, '!')))).toThrow(/corrupt tar header/);
  });

  it.skipIf(!hasTar)('reads archives written by the system tar, long names included (gnu and pax)', () => {
    const longDir = Array.from({ length: 6 }, (_, i) => `long-folder-name-${i}`).join('/'); // > 100 chars in all
    tmp.write(`src/${longDir}/train.txt`, 'h\tr\tt\n');
    tmp.write('src/ünïcode.txt', 'ü');
    for (const format of ['gnu', 'pax', 'ustar']) {
      const out = join(tmp.dir, `out-${format}.tar`);
      const res = spawnSync('tar', [`--format=${format}`, '-cf', out, '-C', join(tmp.dir, 'src'), '.']);
      expect(res.status, String(res.stderr)).toBe(0);
      const entries = readTar(readFileSync(out));
      expect(text(findTarMember(entries, 'train.txt').data)).toBe('h\tr\tt\n');
      expect(findTarMember(entries, 'train.txt').name).toBe(`./${longDir}/train.txt`);
      expect(text(findTarMember(entries, 'ünïcode.txt').data)).toBe('ü');
    }
  });
});
