/**
 * `sweep()`: prepares the study, runs workers (in this process, or N child processes), and
 * writes the results. Running it again with the same sweep continues the study.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importPlugins } from '../util/plugins.js';
import { KgeError } from '../errors.js';
import { log } from '../util/progress.js';
import { loadSweepFile, parseSweepConfig } from './config.js';
import type { AnyRegistry } from './defaults.js';
import { bestTable, bestTrial, failureSummary, writeResults, type WrittenResults } from './report.js';
import { loadRunnerModule, pipelineRunner, type TrialRunner } from './runner.js';
import { defaultStoragePath, openStorage, type StudyRecord } from './storage/index.js';
import { planStudy, prepareSweep, studyFingerprint, type PreparedSweep } from './study.js';
import type { SweepConfig, TrialRecord } from './types.js';
import type { WorkerMessage, WorkerStartMessage } from './worker-entry.js';
import { runWorker, type WorkerEvent } from './worker.js';

export interface SweepOptions {
  /** Sweep output folder (default: the file's `output`, else sweeps/<study name>). */
  output?: string;
  /** Study database: postgresql://... or an SQLite file (default <output>/study.db). */
  storage?: string;
  studyName?: string;
  /** Worker processes; 1 runs trials in this process. */
  workers?: number;
  numTrials?: number;
  timeout?: number;
  /** Runs each trial (in-process workers only; default: the pipeline). */
  runner?: TrialRunner;
  /** Module exporting `runTrial`, used by every worker (needed for a custom objective with workers > 1). */
  runnerModule?: string;
  /** Resolve trial configs with the pipeline's resolveConfig (default true; off for custom objectives). */
  validate?: boolean;
  /** Registries for use_default_ranges (default: the built-in ones). */
  registries?: Record<string, AnyRegistry>;
  /**
   * Modules to import first, in this process and in every worker process (`kge sweep --import`):
   * plugins that register custom components. Paths are relative to the working directory.
   */
  imports?: string[];
  /**
   * Put failed trials back in the queue before running, so a run after fixing the cause retries
   * them; a trial is retried until it ran 1 + search.max_retries times (default true).
   */
  retryFailed?: boolean;
  /** No progress lines (on stderr). */
  quiet?: boolean;
  /** Called for each trial start and finish, in the process that called sweep(). */
  onEvent?: (event: WorkerEvent) => void;
}

export interface SweepResult {
  study: StudyRecord;
  prepared: PreparedSweep;
  trials: TrialRecord[];
  best?: TrialRecord;
  /** Trials run by this call. */
  ran: number;
  files: WrittenResults;
  /** The table of best trials (`kge sweep` prints it at the end). */
  table: string;
  /** Numbers of failed trials this call put back in the queue (retryFailed). */
  retried: number[];
  /** How many trials failed and the first failure's message; undefined when none failed. */
  failures?: string;
}

/** Reads a sweep given as a file path, a parsed SweepConfig, or a raw object (a sweep file's content). */
export function toSweepConfig(config: SweepConfig | string | Record<string, unknown>): SweepConfig {
  if (typeof config === 'string') return loadSweepFile(config);
  if ('base' in config && config.search && typeof config.search === 'object' && 'use_default_ranges' in config.search) {
    return config as unknown as SweepConfig;
  }
  return parseSweepConfig(config);
}

export async function sweep(config: SweepConfig | string | Record<string, unknown>, options: SweepOptions = {}): Promise<SweepResult> {
  // Plugins first: their components may be named in the sweep, and are checked below.
  const imports = (options.imports ?? []).map(absoluteModule);
  await importPlugins(imports);
  const cfg = toSweepConfig(config);
  const prepared = await prepareSweep(cfg, {
    output: options.output,
    studyName: options.studyName,
    numTrials: options.numTrials,
    timeout: options.timeout,
    validate: options.validate,
    registries: options.registries,
    pipeline: !options.runner && !options.runnerModule,
  });
  const storageSpec = options.storage ?? prepared.search.storage ?? defaultStoragePath(prepared.output);
  const say = (msg: string) => {
    if (!options.quiet) log.info(msg);
  };
  const storage = await openStorage(storageSpec);
  try {
    const study = await storage.openStudy(prepared.name, {
      fingerprint: studyFingerprint(prepared),
      direction: prepared.search.direction,
      metric: prepared.search.metric,
      spec: prepared,
    });
    const { maxTrials } = planStudy(prepared);
    const retried = options.retryFailed === false ? [] : await storage.requeueFailed(study.id, prepared.search.max_retries);
    if (retried.length > 0) say(`kge sweep: retrying ${retried.length} failed trial(s): ${retried.join(', ')}`);
    const before = await storage.listTrials(study.id);
    const done = before.filter((t) => t.status === 'complete' || t.status === 'pruned' || t.status === 'failed').length;
    const budget = Number.isFinite(maxTrials) ? String(maxTrials) : 'unlimited';
    say(
      `kge sweep: study '${prepared.name}' (${prepared.search.strategy}, ${prepared.search.direction} ${prepared.search.metric}) ` +
        `in ${storage.location}: ${done} of ${budget} trials finished${before.length > 0 ? ' (resuming)' : ''}`,
    );
    const deadline = prepared.search.timeout !== undefined ? Date.now() + prepared.search.timeout * 1000 : undefined;
    const onEvent = (e: WorkerEvent) => {
      options.onEvent?.(e);
      if (e.type === 'start') say(`  trial ${e.number} started on ${e.worker}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}: ${JSON.stringify(e.params)}`);
      else {
        const what =
          e.status === 'failed'
            ? `failed: ${e.error}`
            : e.status === 'pruned'
              ? `pruned (at its last checkpoint ${prepared.search.metric} = ${e.value})`
              : `complete: ${prepared.search.metric} = ${e.value}`;
        say(`  trial ${e.number} ${what} (${e.seconds.toFixed(1)} s)${e.recorded ? '' : ' [not recorded: re-queued meanwhile]'}`);
      }
    };
    const workers = options.workers ?? prepared.search.workers;
    let ran: number;
    if (workers <= 1) {
      const runner = options.runner ?? (options.runnerModule ? await loadRunnerModule(options.runnerModule) : pipelineRunner);
      ran = await runWorker({ prepared, studyId: study.id, storage, runner, deadline, onEvent, label: 'w1' });
    } else {
      if (options.runner) throw new KgeError('a runner function cannot cross into worker processes; pass runnerModule instead', 'sweep');
      ran = await runChildWorkers(workers, { prepared, studyId: study.id, storage: storageSpec, runnerModule: options.runnerModule, imports, deadline }, onEvent);
    }
    const trials = await storage.listTrials(study.id);
    const files = writeResults(prepared.output, trials, prepared.name, prepared.search.metric, prepared.search.direction);
    const table = bestTable(trials, prepared.search.direction, prepared.search.metric, prepared.search.top_k);
    return { study, prepared, trials, best: bestTrial(trials, prepared.search.direction), ran, files, table, retried, failures: failureSummary(trials) };
  } finally {
    await storage.close();
  }
}

/** A module path made absolute, so worker processes find it whatever their directory; package names stay. */
function absoluteModule(m: string): string {
  return m.startsWith('.') || m.startsWith('/') || existsSync(m) ? resolve(m) : m;
}

/** Path of the worker entry next to this module (.ts from source, .js from dist). */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const path = join(dirname(here), `worker-entry${ext}`);
  if (ext !== '.ts') return { path, execArgv: process.execArgv };
  // From source (tsx, vitest) the child needs the TypeScript loader too, found from here rather
  // than from the working directory.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { path, execArgv: ['--import', tsx] };
}

async function runChildWorkers(
  n: number,
  start: Omit<WorkerStartMessage, 'type' | 'label'>,
  onEvent: (e: WorkerEvent) => void,
): Promise<number> {
  const { path, execArgv } = workerEntry();
  const children: ChildProcess[] = [];
  const errors: string[] = [];
  let ran = 0;
  const exits = Array.from({ length: n }, (_, i) => {
    const child = fork(path, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    const label = `w${i + 1}`;
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'done') ran += m.ran;
      else if (m.type === 'error') errors.push(`${label}: ${m.message}`);
      else onEvent(m);
    });
    child.send({ type: 'run', label, ...start } satisfies WorkerStartMessage);
    return new Promise<void>((resolveExit) => {
      child.on('exit', (code, signal) => {
        if (code !== 0 && errors.every((e) => !e.startsWith(`${label}:`))) {
          errors.push(`${label}: worker process exited with ${signal ?? `code ${code}`}`);
        }
        resolveExit();
      });
    });
  });
  // Ctrl-C reaches the children through the process group; a plain kill of this process
  // reaches them through the closed IPC channel (they exit on 'disconnect').
  await Promise.all(exits);
  if (errors.length > 0) {
    if (ran === 0) throw new KgeError(`every worker failed:\n  ${errors.join('\n  ')}`, 'sweep');
    log.warn(`some workers failed:\n  ${errors.join('\n  ')}`);
  }
  return ran;
}

