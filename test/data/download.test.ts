import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { getDatasetEntry, type DatasetEntry, type FileSource } from '../../src/data/datasets.js';
import { downloadDataset, resolveSourceUrl, verifyDataset } from '../../src/data/download.js';
import { loadDataset } from '../../src/data/dataset.js';
import { SHARED_DATASETS, hasShared } from '../helpers.js';
import { makeTar, tempDir } from './helpers.js';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const pathOf = (url: string) => new URL(url).pathname;

/** Serves fixed bytes by URL path, laid out like the canonical source URLs. */
const served = new Map<string, Uint8Array>();
const hits: string[] = [];
let server: Server;
let mirror: string;
const tmp = tempDir();

/** A small dataset whose source is a CRLF archive with folders, to exercise unpack + CR stripping. */
const toyText = { train: 'a\tr\tb\nb\tr\tc\nc\ts\ta\n', valid: 'a\ts\tc\n', test: 'b\ts\tb\n' };
const toy: DatasetEntry = {
  name: 'toy',
  aliases: [],
  title: 'Toy',
  description: 'test archive',
  citation: '',
  kind: 'download',
  source: { kind: 'tar.gz', url: 'https://example.org/toy/v1/toy.tar.gz', members: { train: 'train.txt', valid: 'valid.txt', test: 'test.txt' } },
  stripCarriageReturns: true,
  sha256: { train: sha(toyText.train), valid: sha(toyText.valid), test: sha(toyText.test) },
};

beforeAll(async () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  served.set(
    pathOf((toy.source as { url: string }).url),
    gzipSync(
      makeTar([
        { name: './toy/README', data: 'hi' },
        { name: './toy/train.txt', data: crlf(toyText.train) },
        { name: './toy/valid.txt', data: crlf(toyText.valid) },
        { name: './toy/test.txt', data: crlf(toyText.test) },
      ]),
    ),
  );
  if (hasShared) {
    const nations = getDatasetEntry('nations');
    if (nations.source?.kind !== 'files') throw new Error('nations should be plain files');
    for (const [split, url] of Object.entries(nations.source.urls)) served.set(pathOf(url), readFileSync(join(SHARED_DATASETS, 'nations', `${split}.txt`)));
    const wn = getDatasetEntry('wn18rr');
    if (wn.source?.kind !== 'tar.gz') throw new Error('wn18rr should be an archive');
    const files = ['train', 'valid', 'test'].map((s) => ({ name: `${s}.txt`, data: readFileSync(join(SHARED_DATASETS, 'wn18rr', `${s}.txt`)) }));
    served.set(pathOf(wn.source.url), gzipSync(makeTar(files), { level: 1 }));
  }
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    hits.push(path);
    const body = served.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

describe('mirror URLs', () => {
  it('keeps the source path under the mirror base (URL or folder)', () => {
    const url = 'https://github.com/TimDettmers/ConvE/raw/abc/WN18RR.tar.gz';
    expect(resolveSourceUrl(url, 'http://m.local:8080/base/')).toBe('http://m.local:8080/base/TimDettmers/ConvE/raw/abc/WN18RR.tar.gz');
    expect(resolveSourceUrl(url, '/srv/mirror')).toBe('/srv/mirror/TimDettmers/ConvE/raw/abc/WN18RR.tar.gz');
    expect(resolveSourceUrl(url, 'file:///srv/mirror')).toBe('/srv/mirror/TimDettmers/ConvE/raw/abc/WN18RR.tar.gz');
    expect(resolveSourceUrl(url, undefined)).toBe(url);
    expect(resolveSourceUrl(url, '')).toBe(url);
  });
});

describe('downloads from a local HTTP server', () => {
  it('unpacks an archive, strips CRs, verifies and installs the files', async () => {
    const home = join(tmp.dir, 'toy-home');
    const result = await downloadDataset(toy, { dataHome: home, mirror, quiet: true });
    expect(result.downloaded).toBe(true);
    expect(readdirSync(join(home, 'toy')).sort()).toEqual(['test.txt', 'train.txt', 'valid.txt']);
    expect(readFileSync(join(home, 'toy', 'train.txt'), 'utf8')).toBe(toyText.train);
    expect((await verifyDataset(toy, { dataHome: home })).ok).toBe(true);
    // Present: nothing fetched again unless forced.
    const before = hits.length;
    expect((await downloadDataset(toy, { dataHome: home, mirror, quiet: true })).downloaded).toBe(false);
    expect(hits.length).toBe(before);
    expect((await downloadDataset(toy, { dataHome: home, mirror, quiet: true, force: true })).downloaded).toBe(true);
    expect(hits.length).toBe(before + 1);
  });

  it.skipIf(!hasShared)('downloads nations (plain files) through KGE_DATASET_MIRROR and loads it', async () => {
    const home = join(tmp.dir, 'nations-home');
    process.env.KGE_DATASET_MIRROR = mirror;
    try {
      await downloadDataset('nations', { dataHome: home, quiet: true });
    } finally {
      delete process.env.KGE_DATASET_MIRROR;
    }
    expect(hits).toContain('/pykeen/pykeen/f0dda9939a445386db6bfed0449c4ec3c1e39bba/src/pykeen/datasets/nations/train.txt');
    const d = await loadDataset('nations', { dataHome: home, quiet: true });
    expect([d.training.numTriples, d.validation!.numTriples, d.testing!.numTriples]).toEqual([1592, 199, 201]);
  });

  it.skipIf(!hasShared)('downloads wn18rr from its archive with the registry checksums', async () => {
    const home = join(tmp.dir, 'wn-home');
    await downloadDataset('wn18rr', { dataHome: home, mirror, quiet: true });
    expect(hits).toContain('/TimDettmers/ConvE/raw/f3c0eb286025410fa5b4c04696c918264163d0ca/WN18RR.tar.gz');
    const v = await verifyDataset('wn18rr', { dataHome: home });
    expect(v.files.map((f) => f.ok)).toEqual([true, true, true]);
  });

  it.skipIf(!hasShared)('a corrupted file fails its checksum and leaves no file behind', async () => {
    const home = join(tmp.dir, 'corrupt-home');
    const url = (getDatasetEntry('nations').source as FileSource).urls.valid;
    const good = served.get(pathOf(url))!;
    const bad = Buffer.from(good);
    bad[5] = bad[5] === 0x41 ? 0x42 : 0x41;
    served.set(pathOf(url), bad);
    try {
      const err = await downloadDataset('nations', { dataHome: home, mirror, quiet: true }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(DataError);
      const msg = (err as Error).message;
      expect(msg).toContain(join(home, 'nations', 'valid.txt'));
      expect(msg).toContain(`expected SHA-256 ${getDatasetEntry('nations').sha256!.valid}`);
      expect(msg).toContain(`got ${sha(bad)}`);
      // train.txt downloaded fine before valid failed, yet nothing (not even a temp file or the folder) remains.
      expect(existsSync(join(home, 'nations'))).toBe(false);
    } finally {
      served.set(pathOf(url), good);
    }
  });

  it('explains what to do on HTTP errors and without network', async () => {
    const missing: DatasetEntry = {
      ...toy,
      source: { kind: 'tar.gz', url: 'https://example.org/gone.tar.gz', members: { train: 'train.txt', valid: 'valid.txt', test: 'test.txt' } },
    };
    const e404 = await downloadDataset(missing, { dataHome: join(tmp.dir, 'h404'), mirror, quiet: true }).catch((e: Error) => e);
    expect((e404 as Error).message).toContain('HTTP 404');
    // A port nothing listens on: connection refused, as offline.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const home = join(tmp.dir, 'offline-home');
    const err = await downloadDataset(toy, { dataHome: home, mirror: `http://127.0.0.1:${port}`, quiet: true }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DataError);
    const msg = (err as Error).message;
    expect(msg).toContain('ECONNREFUSED');
    expect(msg).toContain(`into ${join(home, 'toy')}`);
    expect(msg).toContain('KGE_DATASET_MIRROR');
    expect(existsSync(join(home, 'toy'))).toBe(false);
  });

  it('reads from a local mirror folder', async () => {
    const folder = join(tmp.dir, 'mirror-folder');
    const archivePath = pathOf((toy.source as { url: string }).url);
    const dest = join(folder, ...archivePath.split('/').filter(Boolean));
    tmp.write(dest.slice(tmp.dir.length + 1), served.get(archivePath)!);
    const home = join(tmp.dir, 'folder-home');
    await downloadDataset(toy, { dataHome: home, mirror: folder, quiet: true });
    expect(readFileSync(join(home, 'toy', 'test.txt'), 'utf8')).toBe(toyText.test);
    const empty = join(tmp.dir, 'empty');
    const missingFile = join(empty, ...archivePath.split('/').filter(Boolean));
    const err = await downloadDataset(toy, { dataHome: join(tmp.dir, 'x'), mirror: empty, quiet: true }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DataError);
    // The message names the setting that was used: here the option, not the environment variable.
    expect((err as Error).message).toContain(`mirror file not found: ${missingFile} (mirror ${empty}, set by --mirror).`);
    expect((err as Error).message).not.toContain('KGE_DATASET_MIRROR=');
    process.env.KGE_DATASET_MIRROR = empty;
    try {
      const viaEnv = await downloadDataset(toy, { dataHome: join(tmp.dir, 'x'), quiet: true }).catch((e: Error) => e);
      expect((viaEnv as Error).message).toContain(`mirror file not found: ${missingFile} (mirror ${empty}, set by KGE_DATASET_MIRROR).`);
    } finally {
      delete process.env.KGE_DATASET_MIRROR;
    }
  });

  it('verify reports mismatched and missing files with both hashes', async () => {
    const home = join(tmp.dir, 'verify-home');
    await downloadDataset(toy, { dataHome: home, mirror, quiet: true });
    writeFileSync(join(home, 'toy', 'valid.txt'), 'a\ts\tb\n');
    writeFileSync(join(home, 'toy', 'test.txt.gz'), gzipSync(toyText.test));
    rmSync(join(home, 'toy', 'test.txt'));
    rmSync(join(home, 'toy', 'train.txt'));
    const v = await verifyDataset(toy, { dataHome: home });
    expect(v.ok).toBe(false);
    expect(v.files).toEqual([
      { split: 'train', path: null, expected: toy.sha256!.train, actual: null, ok: false },
      { split: 'valid', path: join(home, 'toy', 'valid.txt'), expected: toy.sha256!.valid, actual: sha('a\ts\tb\n'), ok: false },
      // gzip files are checked by content.
      { split: 'test', path: join(home, 'toy', 'test.txt.gz'), expected: toy.sha256!.test, actual: toy.sha256!.test, ok: true },
    ]);
    expect(existsSync(join(home, 'toy', 'test.txt.gz'))).toBe(true);
  });
});
