/** `kge sweep status` (progress of a study, read without changing anything) and `kge sweep delete`. */
import { hostname } from 'node:os';
import { ConfigError } from '../errors.js';
import { formatStatus, studyStatus, type StudyStatus } from './report.js';
import { defaultStoragePath, openStorage, processAlive, type StudyStorage } from './storage/index.js';
import { planStudy, prepareSweep, type PreparedSweep } from './study.js';
import { toSweepConfig } from './sweep.js';
import type { SweepConfig, TrialRecord } from './types.js';

export interface StatusOptions {
  /** The sweep file (or config): gives the study name and, by default, the storage. */
  config?: SweepConfig | string | Record<string, unknown>;
  storage?: string;
  studyName?: string;
  output?: string;
}

export interface StatusReport {
  name: string;
  storage: string;
  status: StudyStatus;
  text: string;
}

/** Storage spec and study name from a sweep file and/or explicit options. */
async function locate(options: StatusOptions): Promise<{ storageSpec: string; name?: string }> {
  let name = options.studyName;
  let storageSpec = options.storage;
  if (options.config !== undefined) {
    // Only names and folders are needed: no config checks, no registries.
    const cfg = toSweepConfig(options.config);
    const prepared = await prepareSweep({ ...cfg, search: { ...cfg.search, use_default_ranges: [] } }, {
      output: options.output,
      studyName: options.studyName,
      validate: false,
    }).catch(() => undefined);
    name ??= prepared?.name ?? cfg.search.study_name;
    storageSpec ??= cfg.search.storage ?? (prepared ? defaultStoragePath(prepared.output) : undefined);
  }
  if (!storageSpec) throw new ConfigError('say where the study is: --config sweep.yaml or --storage URL', 'kge sweep');
  return { storageSpec, name };
}

async function studyName(storage: StudyStorage, name: string | undefined): Promise<string> {
  if (name) return name;
  const studies = await storage.listStudies();
  if (studies.length !== 1) {
    throw new ConfigError(
      studies.length === 0 ? `no studies in ${storage.location}` : `several studies in ${storage.location}; pick one with --study: ${studies.map((s) => s.name).join(', ')}`,
      'kge sweep',
    );
  }
  return studies[0]!.name;
}

export async function sweepStatus(options: StatusOptions): Promise<StatusReport> {
  const where = await locate(options);
  const storage = await openStorage(where.storageSpec);
  try {
    const name = await studyName(storage, where.name);
    const study = await storage.getStudy(name);
    if (!study) throw new ConfigError(`no study '${name}' in ${storage.location}`, 'kge sweep status');
    const prepared = study.spec as PreparedSweep;
    const trials = await storage.listTrials(study.id);
    const budget = planStudy(prepared).maxTrials;
    const host = hostname();
    const gone = (t: TrialRecord) => t.host === host && t.pid !== null && t.pid !== undefined && !processAlive(t.pid);
    const status = studyStatus(trials, study.direction, budget, await storage.now(), prepared.search.heartbeat_timeout * 1000, gone);
    return { name, storage: storage.location, status, text: formatStatus(name, storage.location, study.metric, study.direction, status) };
  } finally {
    await storage.close();
  }
}

/** Deletes a study (all its trials) from its storage. Run folders on disk are left alone. */
export async function deleteSweepStudy(options: StatusOptions): Promise<{ name: string; storage: string; deleted: boolean }> {
  const where = await locate(options);
  const storage = await openStorage(where.storageSpec);
  try {
    const name = await studyName(storage, where.name);
    return { name, storage: storage.location, deleted: await storage.deleteStudy(name) };
  } finally {
    await storage.close();
  }
}
