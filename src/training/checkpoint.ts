import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import { KgeError } from '../errors.js';
import type { Model } from '../models/model.js';
import type { RowOptimizer } from './optimizers/index.js';

/**
 * A checkpoint is a folder: checkpoint.json (epoch, losses, config fingerprint, optimizer
 * scalars) plus one raw little-endian float32 file per array. It is written into a fresh
 * folder and swapped in by rename, so a crash mid-write leaves the previous checkpoint intact.
 */
export interface CheckpointMeta {
  epoch: number;
  losses: number[];
  fingerprint: string;
  /** Hashes of what the fingerprint covers, so a mismatch can name what changed. */
  fingerprint_parts?: Record<string, string>;
  scalars: Record<string, number>;
  best?: { epoch: number; value: number } | null;
}

type Tables = Record<string, Float32Array>;

function arraysOf(model: Model, optimizers: { entities: RowOptimizer; relations: RowOptimizer }): { arrays: Tables; scalars: Record<string, number> } {
  const arrays: Tables = { entities: model.entities.data, relations: model.relations.data };
  const scalars: Record<string, number> = {};
  for (const [table, opt] of Object.entries(optimizers)) {
    for (const [k, v] of Object.entries(opt.state())) {
      if (typeof v === 'number') scalars[`${table}.${k}`] = v;
      else arrays[`${table}.${opt.name}.${k}`] = v;
    }
  }
  return { arrays, scalars };
}

/** Writes `<name>.f32` per array plus checkpoint.json into a fresh folder, then swaps it in. */
function writeTablesFolder(dir: string, arrays: Tables, meta: CheckpointMeta): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, a] of Object.entries(arrays)) writeFileAtomic(join(tmp, `${name}.f32`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  writeJsonAtomic(join(tmp, 'checkpoint.json'), meta);
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}

export function saveCheckpoint(dir: string, model: Model, optimizers: { entities: RowOptimizer; relations: RowOptimizer }, meta: Omit<CheckpointMeta, 'scalars'>): void {
  const { arrays, scalars } = arraysOf(model, optimizers);
  writeTablesFolder(dir, arrays, { ...meta, scalars });
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint.json'));
}

export function loadCheckpoint(
  dir: string,
  model: Model,
  optimizers: { entities: RowOptimizer; relations: RowOptimizer },
  fingerprint: string,
  parts: Record<string, string> = {},
): CheckpointMeta {
  const metaPath = join(dir, 'checkpoint.json');
  if (!existsSync(metaPath)) throw new KgeError(`no checkpoint found (looked for ${metaPath})`, 'resume');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CheckpointMeta;
  if (meta.fingerprint !== fingerprint) {
    const changed = Object.keys(parts).filter((k) => meta.fingerprint_parts?.[k] !== parts[k]);
    throw new KgeError(
      `the checkpoint in ${dir} belongs to a different run: ${changed.length ? changed.join(', ') : 'its settings'} changed. ` +
        'Resuming may change the run length, learning rate, batch size, device and evaluation, not the model, data, optimizer or seed; use a new output folder or --overwrite to start over',
      'resume',
    );
  }
  const { arrays } = arraysOf(model, optimizers);
  for (const [name, target] of Object.entries(arrays)) {
    const file = join(dir, `${name}.f32`);
    const buf = readFileSync(file);
    if (buf.byteLength !== target.byteLength) throw new KgeError(`${file} has ${buf.byteLength} bytes, expected ${target.byteLength}`, 'resume');
    target.set(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
  }
  for (const [table, opt] of Object.entries(optimizers)) {
    const state = opt.state();
    const restored: Record<string, Float32Array | number> = {};
    for (const [k, v] of Object.entries(state)) restored[k] = typeof v === 'number' ? meta.scalars[`${table}.${k}`] ?? v : v;
    opt.loadState(restored);
  }
  return meta;
}

/**
 * Writes the model a run reports (after early stopping restored the best epoch) to <out>/model:
 * the tables `kge evaluate` and `kge predict` use. The checkpoint keeps the last epoch's state
 * for resuming.
 */
export function saveModelWeights(dir: string, model: Model, meta: { epoch: number; fingerprint: string }): void {
  writeTablesFolder(dir, { entities: model.entities.data, relations: model.relations.data }, { ...meta, losses: [], scalars: {} });
}

/** Loads only the embedding tables (for evaluate / predict on a finished run). */
export function loadModelWeights(dir: string, model: Model): CheckpointMeta {
  const metaPath = join(dir, 'checkpoint.json');
  if (!existsSync(metaPath)) throw new KgeError(`no checkpoint found (looked for ${metaPath})`, 'run folder');
  for (const [name, target] of Object.entries({ entities: model.entities.data, relations: model.relations.data })) {
    const file = join(dir, `${name}.f32`);
    const buf = readFileSync(file);
    if (buf.byteLength !== target.byteLength) throw new KgeError(`${file} has ${buf.byteLength} bytes, expected ${target.byteLength}; was the dataset changed?`, 'run folder');
    target.set(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
  }
  return JSON.parse(readFileSync(metaPath, 'utf8')) as CheckpointMeta;
}
