/** Results of a study as files (trials.csv, best-config.yaml) and as text (tables, status). */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../util/atomic.js';
import { formatDuration } from '../util/progress.js';
import type { Direction, TrialRecord, TrialStatus } from './types.js';

const STATUSES: TrialStatus[] = ['complete', 'pruned', 'failed', 'running', 'queued'];

/** Completed trials, best first (ties: lower trial number first). */
export function rankTrials(trials: readonly TrialRecord[], direction: Direction): TrialRecord[] {
  const sign = direction === 'maximize' ? -1 : 1;
  return trials
    .filter((t) => t.status === 'complete' && typeof t.value === 'number' && Number.isFinite(t.value))
    .sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
}

export function bestTrial(trials: readonly TrialRecord[], direction: Direction): TrialRecord | undefined {
  return rankTrials(trials, direction)[0];
}

/** Param keys in first-seen order across trials. */
function paramColumns(trials: readonly TrialRecord[]): string[] {
  const cols: string[] = [];
  for (const t of trials) for (const k of Object.keys(t.params)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function seconds(t: TrialRecord): number | null {
  return t.startedAt && t.finishedAt ? (t.finishedAt - t.startedAt) / 1000 : null;
}

/** One row per trial: number, status, value, each parameter, attempts, duration, worker, run folder, error. */
export function trialsCsv(trials: readonly TrialRecord[]): string {
  const cols = paramColumns(trials);
  const header = ['number', 'status', 'value', ...cols, 'attempts', 'seconds', 'worker', 'run_dir', 'error'];
  const rows = trials.map((t) => [
    t.number,
    t.status,
    t.value ?? '',
    ...cols.map((c) => t.params[c]),
    t.attempts,
    seconds(t)?.toFixed(3) ?? '',
    t.workerId,
    t.runDir,
    t.error,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** The best trial's full config, ready for `kge train --config`. */
export function bestConfigYaml(best: TrialRecord, studyName: string, metric: string): string {
  const config = { ...(best.config ?? {}) };
  // The run folder belonged to the trial; `kge train` picks a fresh one (or --output).
  delete config.output;
  return (
    `# Best trial ${best.number} of study '${studyName}': ${metric} = ${best.value}\n` +
    `# Params: ${JSON.stringify(best.params)}\n` +
    `# Reproduce with: kge train --config best-config.yaml\n` +
    stringify(config)
  );
}

export interface WrittenResults {
  trialsCsv: string;
  bestConfig?: string;
}

export function writeResults(output: string, trials: readonly TrialRecord[], studyName: string, metric: string, direction: Direction): WrittenResults {
  const csvPath = join(output, 'trials.csv');
  writeFileAtomic(csvPath, trialsCsv(trials));
  const best = bestTrial(trials, direction);
  if (!best || !best.config) return { trialsCsv: csvPath };
  const bestPath = join(output, 'best-config.yaml');
  writeFileAtomic(bestPath, bestConfigYaml(best, studyName, metric));
  return { trialsCsv: csvPath, bestConfig: bestPath };
}

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toFixed(4);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Parameter values as written, long fractions shortened to 4 significant digits. */
function fmtParam(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(4)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function alignTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The `k` best completed trials as an aligned table. */
export function bestTable(trials: readonly TrialRecord[], direction: Direction, metric: string, k: number): string {
  const ranked = rankTrials(trials, direction).slice(0, k);
  if (ranked.length === 0) return `no completed trials yet (${metric})`;
  const cols = paramColumns(ranked);
  const header = ['rank', 'trial', metric, ...cols, 'time'];
  const rows = ranked.map((t, i) => [
    String(i + 1),
    String(t.number),
    fmtValue(t.value),
    ...cols.map((c) => (c in t.params ? fmtParam(t.params[c]) : '-')),
    seconds(t) !== null ? formatDuration(seconds(t)!) : '-',
  ]);
  return `best trials (${direction} ${metric})\n` + alignTable(header, rows);
}

/**
 * One or two lines on the failed trials: how many, the first one's error, and whether the others
 * failed the same way (which points at the environment rather than the parameters).
 */
export function failureSummary(trials: readonly TrialRecord[]): string | undefined {
  const failed = trials.filter((t) => t.status === 'failed');
  if (failed.length === 0) return undefined;
  const first = failed[0]!;
  const message = first.error ?? '(no message)';
  const same = failed.filter((t) => t.error === first.error).length;
  const others =
    failed.length === 1
      ? ''
      : same === failed.length
        ? `\nall ${failed.length} failed trials have this error`
        : `\n${same} of the ${failed.length} failed trials have this error; trials.csv has every trial's error`;
  return `${failed.length} of ${trials.length} trial(s) failed; first failure (trial ${first.number}): ${message}${others}`;
}

export interface StudyStatus {
  counts: Record<TrialStatus, number>;
  total: number;
  budget: number;
  best?: TrialRecord;
  running: { number: number; worker: string; heartbeatAgeSeconds: number | null; attempts: number; stale: boolean; gone: boolean }[];
}

/**
 * @param gone whether a running trial's worker process is known to be dead (same host, no pid);
 *   such a trial is re-queued by the next claim, like a stale one.
 */
export function studyStatus(
  trials: readonly TrialRecord[],
  direction: Direction,
  budget: number,
  now: number,
  staleAfterMs: number,
  gone: (t: TrialRecord) => boolean = () => false,
): StudyStatus {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TrialStatus, number>;
  for (const t of trials) counts[t.status]++;
  const running = trials
    .filter((t) => t.status === 'running')
    .map((t) => {
      const age = t.heartbeat ? (now - t.heartbeat) / 1000 : null;
      return {
        number: t.number,
        worker: t.workerId ?? '?',
        heartbeatAgeSeconds: age,
        attempts: t.attempts,
        stale: age === null || age * 1000 > staleAfterMs,
        gone: gone(t),
      };
    });
  return { counts, total: trials.length, budget, best: bestTrial(trials, direction), running };
}

export function formatStatus(name: string, storage: string, metric: string, direction: Direction, s: StudyStatus): string {
  const lines = [`study '${name}' in ${storage}`];
  const budget = Number.isFinite(s.budget) ? String(s.budget) : 'unlimited';
  const finished = s.counts.complete + s.counts.pruned + s.counts.failed;
  lines.push(
    `trials: ${finished} finished of ${budget} (${STATUSES.map((st) => `${s.counts[st]} ${st}`).join(', ')})`,
  );
  if (s.best) lines.push(`best: trial ${s.best.number}, ${metric} = ${fmtValue(s.best.value)} (${direction}) ${JSON.stringify(s.best.params)}`);
  for (const r of s.running) {
    const age = r.heartbeatAgeSeconds === null ? 'no heartbeat' : `heartbeat ${r.heartbeatAgeSeconds.toFixed(0)} s ago`;
    const note = r.gone ? ', worker process gone: will be re-queued' : r.stale ? ', stale: will be re-queued' : '';
    lines.push(`running: trial ${r.number} on ${r.worker} (attempt ${r.attempts}, ${age}${note})`);
  }
  return lines.join('\n');
}
