/** `kge sweep status`: progress of a study, read from its storage without changing anything. */
import { ConfigError } from '../errors.js';
import { formatStatus, studyStatus, type StudyStatus } from './report.js';
import { defaultStoragePath, openStorage } from './storage/index.js';
import { planStudy, prepareSweep, type PreparedSweep } from './study.js';
import { toSweepConfig } from './sweep.js';
import type { SweepConfig } from './types.js';

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

export async function sweepStatus(options: StatusOptions): Promise<StatusReport> {
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
  if (!storageSpec) throw new ConfigError('say where the study is: --config sweep.yaml or --storage URL', 'kge sweep status');
  const storage = await openStorage(storageSpec);
  try {
    if (!name) {
      const studies = await storage.listStudies();
      if (studies.length !== 1) {
        throw new ConfigError(
          studies.length === 0 ? `no studies in ${storage.location}` : `several studies in ${storage.location}; pick one with --study: ${studies.map((s) => s.name).join(', ')}`,
          'kge sweep status',
        );
      }
      name = studies[0]!.name;
    }
    const study = await storage.getStudy(name);
    if (!study) throw new ConfigError(`no study '${name}' in ${storage.location}`, 'kge sweep status');
    const prepared = study.spec as PreparedSweep;
    const trials = await storage.listTrials(study.id);
    const budget = planStudy(prepared).maxTrials;
    const status = studyStatus(trials, study.direction, budget, await storage.now(), prepared.search.heartbeat_timeout * 1000);
    return { name, storage: storage.location, status, text: formatStatus(name, storage.location, study.metric, study.direction, status) };
  } finally {
    await storage.close();
  }
}
