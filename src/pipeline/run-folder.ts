import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { KgeError } from '../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import type { Model } from '../models/model.js';
import type { PipelineConfig } from './types.js';

/** The files a run writes; a folder holding any of them belongs to an earlier run. */
export const RUN_FILES = ['config.yaml', 'metrics.json', 'losses.csv', 'entity_embeddings.tsv', 'relation_embeddings.tsv', 'checkpoint', 'model'];

/** Files of ours that a run folder may hold: the run's own, and `kge evaluate`'s reports. */
const isRunFile = (f: string) => RUN_FILES.includes(f) || /^evaluation-.*\.json$/.test(f);

export function defaultOutput(config: PipelineConfig): string {
  const ds = typeof config.dataset === 'string' ? config.dataset : 'custom';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  return join('runs', `${ds}-${config.model.toLowerCase()}-${stamp}`);
}

/** Refuses to start a run that would overwrite an earlier run's results, before any work is done. */
export function checkOutputFree(dir: string, overwrite: boolean, resume: boolean): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new KgeError(`${resolve(dir)} exists and is not a folder`, 'output');
  if (resume || !existsSync(dir)) return;
  if (overwrite) {
    // Replace means replace: results of the earlier run must not sit beside the new ones.
    for (const f of readdirSync(dir).filter(isRunFile)) rmSync(join(dir, f), { recursive: true, force: true });
    return;
  }
  const taken = readdirSync(dir).filter(isRunFile);
  if (taken.length > 0) {
    throw new KgeError(
      `${resolve(dir)} already holds results (${taken.join(', ')}); choose another output, pass --overwrite to replace them, or --resume to continue from the checkpoint`,
      'output',
    );
  }
}

export function writeConfig(dir: string, config: PipelineConfig): void {
  writeFileAtomic(join(dir, 'config.yaml'), stringify(config));
}

export function writeLosses(dir: string, losses: number[], firstEpoch = 1): void {
  const lines = ['epoch,loss', ...losses.map((l, i) => `${i + firstEpoch},${l}`)];
  writeFileAtomic(join(dir, 'losses.csv'), lines.join('\n') + '\n');
}

export function writeMetrics(dir: string, result: unknown): void {
  writeJsonAtomic(join(dir, 'metrics.json'), result);
}

/** label<TAB>v1<TAB>v2... per row, so embeddings load anywhere without kge. */
export function writeEmbeddings(dir: string, model: Model, entityLabels: string[], relationLabels: string[]): void {
  const table = (labels: string[], data: Float32Array, width: number) => {
    const lines: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      const row = Array.from(data.subarray(i * width, (i + 1) * width), (v) => v.toPrecision(7));
      lines.push(`${labels[i]}\t${row.join('\t')}`);
    }
    return lines.join('\n') + '\n';
  };
  writeFileAtomic(join(dir, 'entity_embeddings.tsv'), table(entityLabels, model.entities.data, model.entities.width));
  writeFileAtomic(join(dir, 'relation_embeddings.tsv'), table(relationLabels, model.relations.data, model.relations.width));
}
