import { Command } from 'commander';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDatasetsCommand } from '../../src/cli/datasets.js';
import { DataError } from '../../src/errors.js';
import { SHARED_DATASETS, hasShared } from '../helpers.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerDatasetsCommand(program, { out: (t) => (out += t), err: (t) => (err += t) });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'kge', 'datasets', ...args]);
    return { out, err, exitCode: process.exitCode };
  } finally {
    process.exitCode = before;
  }
}

describe.skipIf(!hasShared)('kge datasets', () => {
  it('ls shows counts and cache status', async () => {
    const { out } = await run('ls', '--data-home', SHARED_DATASETS);
    const nations = out.split('\n').find((l) => l.startsWith('nations'))!;
    expect(nations.split(/\s+/)).toEqual(['nations', '14', '55', '1,592', '199', '201', 'cached']);
    expect(out).toMatch(/^fb15k237\s+14,541\s+237\s+272,115\s+17,535\s+20,466\s+cached$/m);
    expect(out).toMatch(/^countries-s1\s+-\s+-\s+-\s+-\s+-\s+built offline$/m);
    const empty = await run('ls', '--json', '--data-home', tmp.dir);
    const rows = JSON.parse(empty.out) as { name: string; status: string }[];
    expect(rows.find((r) => r.name === 'umls')!.status).toBe('missing');
  });

  it('info, path and verify', async () => {
    const info = await run('info', 'wn18rr', '--data-home', SHARED_DATASETS);
    expect(info.out).toContain('https://github.com/TimDettmers/ConvE/raw/f3c0eb286025410fa5b4c04696c918264163d0ca/WN18RR.tar.gz');
    expect(info.out).toContain('dropped at load (entity unseen in train): valid 210, test 210');
    expect(info.out).toContain('(cached)');
    const path = await run('path', 'FB15k-237', '--data-home', SHARED_DATASETS);
    expect(path.out).toBe(join(SHARED_DATASETS, 'fb15k237') + '\n');
    const ok = await run('verify', 'umls', '--data-home', SHARED_DATASETS);
    expect(ok.out).toContain('umls/train: ok');
    expect(ok.exitCode).toBeUndefined();
    const missing = await run('verify', 'umls', '--data-home', tmp.dir);
    expect(missing.out).toContain('umls/valid: MISSING');
    expect(missing.exitCode).toBe(1);
  });

  it('unknown names are data errors', async () => {
    await expect(run('info', 'nope')).rejects.toThrow(DataError);
  });
});

describe('kge datasets download --mirror', () => {
  it('names the --mirror option (not KGE_DATASET_MIRROR) when the mirror folder lacks a file', async () => {
    const mirror = join(tmp.dir, 'empty-mirror');
    const err = await run('download', 'nations', '--data-home', join(tmp.dir, 'home'), '--mirror', mirror, '--quiet').catch((e: Error) => e);
    expect(err).toBeInstanceOf(DataError);
    const msg = (err as Error).message;
    expect(msg).toContain(`mirror file not found: ${join(mirror, 'pykeen')}`);
    expect(msg).toContain(`(mirror ${mirror}, set by --mirror)`);
    expect(msg).not.toContain('KGE_DATASET_MIRROR=');
  });
});
