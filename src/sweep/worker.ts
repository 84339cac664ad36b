/**
 * A worker claims trials from the study storage and runs them until the budget is spent, the
 * strategy has nothing left, or the deadline passed. Any number of workers, in any processes on
 * any machines, may share one study: the storage's claim transaction keeps them apart.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { getByPath } from '../pipeline/config.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { log } from '../util/progress.js';
import { MedianPruner } from './pruner.js';
import type { TrialRunner } from './runner.js';
import { startHeartbeat, type Heartbeat } from './storage/heartbeat.js';
import type { FinishUpdate, StudyStorage, WorkerInfo } from './storage/storage.js';
import { buildTrialConfig, planStudy, trialRunDir, type PreparedSweep } from './study.js';
import type { Params, TrialRecord } from './types.js';

export type WorkerEvent =
  | { type: 'start'; worker: string; number: number; params: Params; attempt: number }
  | {
      type: 'finish';
      worker: string;
      number: number;
      params: Params;
      status: FinishUpdate['status'];
      value: number | null;
      seconds: number;
      error?: string;
      /** False when the trial was taken away (re-queued as orphaned) before it ended. */
      recorded: boolean;
    };

export interface WorkerOptions {
  prepared: PreparedSweep;
  studyId: number;
  storage: StudyStorage;
  runner: TrialRunner;
  /** Epoch ms after which no new trial starts. */
  deadline?: number;
  onEvent?: (event: WorkerEvent) => void;
  /** Heartbeats from a thread (default true; tests of single processes may turn it off). */
  heartbeat?: boolean;
  /** Label in messages (`w1`). */
  label?: string;
}

export function newWorkerInfo(): WorkerInfo {
  const host = hostname();
  return { id: `${host}:${process.pid}:${randomBytes(3).toString('hex')}`, host, pid: process.pid };
}

/** Runs trials until there is nothing left to claim; returns how many this worker ran. */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const { prepared, studyId, storage } = options;
  const { strategy, maxTrials } = planStudy(prepared);
  const worker = newWorkerInfo();
  const label = options.label ?? worker.id;
  const search = prepared.search;
  const heartbeat: Heartbeat | null =
    options.heartbeat === false ? null : startHeartbeat(storage.heartbeatTarget(), worker.id, search.heartbeat_interval * 1000);
  let ran = 0;
  try {
    for (;;) {
      if (options.deadline !== undefined && Date.now() >= options.deadline) break;
      const trial = await storage.claimTrial(studyId, worker, {
        maxTrials,
        staleAfterMs: search.heartbeat_timeout * 1000,
        maxRetries: search.max_retries,
        suggest: (n, history) => strategy.suggest(n, history),
      });
      if (!trial) break;
      heartbeat?.set(trial.id);
      options.onEvent?.({ type: 'start', worker: label, number: trial.number, params: trial.params, attempt: trial.attempts });
      const event = await runTrial(options, worker, trial);
      heartbeat?.set(null);
      options.onEvent?.({ ...event, worker: label });
      ran++;
    }
  } finally {
    await heartbeat?.close();
  }
  return ran;
}

async function runTrial(options: WorkerOptions, worker: WorkerInfo, trial: TrialRecord): Promise<Omit<Extract<WorkerEvent, { type: 'finish' }>, 'worker'>> {
  const { prepared, storage } = options;
  const search = prepared.search;
  const t0 = performance.now();
  const runDir = trialRunDir(prepared.output, trial.number);
  let update: FinishUpdate;
  try {
    const config = buildTrialConfig(prepared, trial.params, runDir);
    await storage.setTrialConfig(trial.id, worker.id, config, runDir);
    // The pruner compares against trials completed before this one started.
    const completed = (await storage.listTrials(options.studyId)).filter((t) => t.status === 'complete');
    const pruner = new MedianPruner(search.pruner, search.direction, completed.map((t) => t.intermediate));
    const reported: Record<number, number> = {};
    // Writes run in the background while training goes on; a failed one must not crash the process.
    const writes: Promise<void>[] = [];
    let writeError: unknown;
    const outcome = await options.runner({
      number: trial.number,
      params: trial.params,
      config,
      runDir,
      metric: search.metric,
      report(step, value) {
        reported[step] = value;
        writes.push(storage.reportIntermediate(trial.id, step, value).catch((err) => void (writeError ??= err)));
        return pruner.shouldPrune(step, reported) ? 'prune' : undefined;
      },
    });
    await Promise.all(writes);
    if (writeError) log.warn(`trial ${trial.number}: an intermediate value was not stored: ${(writeError as Error).message ?? writeError}`);
    if (outcome.pruned) {
      const steps = Object.keys(reported).map(Number);
      const last = steps.length > 0 ? reported[Math.max(...steps)]! : null;
      update = { status: 'pruned', value: last, metrics: outcome.metrics };
    } else {
      const value = getByPath(outcome.metrics, search.metric);
      if (typeof value === 'number' && Number.isFinite(value)) {
        update = { status: 'complete', value, metrics: outcome.metrics };
      } else {
        update = {
          status: 'failed',
          metrics: outcome.metrics,
          error: value === undefined ? missingMetric(outcome.metrics, search.metric) : `the metric '${search.metric}' is ${JSON.stringify(value)}, not a finite number`,
        };
      }
    }
  } catch (err) {
    update = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  const recorded = await storage.finishTrial(trial.id, worker.id, update);
  const seconds = (performance.now() - t0) / 1000;
  const value = update.status === 'failed' ? null : (update.value ?? null);
  try {
    writeJsonAtomic(join(runDir, 'trial.json'), {
      study: prepared.name,
      number: trial.number,
      attempt: trial.attempts,
      params: trial.params,
      status: update.status,
      metric: search.metric,
      value,
      error: update.error ?? undefined,
      seconds,
      worker: worker.id,
    });
  } catch {
    // The run folder is a convenience copy; the study database holds the record.
  }
  return { type: 'finish', number: trial.number, params: trial.params, status: update.status, value, seconds, error: update.error ?? undefined, recorded };
}

/** Says which part of a metric path the result lacks, and what it has there instead. */
export function missingMetric(metrics: unknown, path: string): string {
  const parts = path.split('.');
  let cur: unknown = metrics;
  for (let i = 0; i < parts.length; i++) {
    const here = cur && typeof cur === 'object' ? Object.keys(cur) : [];
    if (!here.includes(parts[i]!)) {
      const has = here.length > 0 ? here.join(', ') : '(nothing)';
      const what =
        i === 0
          ? `split '${parts[0]}' (splits in the result: ${has}; is '${parts[0]}' in evaluation.splits?)`
          : `'${parts[i]}' under '${parts.slice(0, i).join('.')}' (keys there: ${has})`;
      return `the result has no metric '${path}': no ${what}`;
    }
    cur = (cur as Record<string, unknown>)[parts[i]!];
  }
  return `the result has no metric '${path}'`;
}
