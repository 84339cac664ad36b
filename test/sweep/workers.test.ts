/**
 * Several worker processes on one study: no trial runs twice, a killed sweep resumes with only
 * its unfinished trials, and two processes share a study through PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sweep, sweepStatus } from '../../src/sweep/index.js';
import { openStorage, processAlive } from '../../src/sweep/storage/index.js';
import { reachablePostgres, sleep, tempDir } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const objectiveModule = join(here, 'fixtures', 'objective.ts');
const driver = join(here, 'fixtures', 'run-sweep.ts');
const repoRoot = join(here, '..', '..');
const pgInfo = await reachablePostgres();
if (!pgInfo.url) console.warn(`skipping the PostgreSQL worker test: ${pgInfo.why}`);

interface LogLine {
  what: string;
  trial: number;
  pid: number;
}

function readLog(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [what, trial, pid] = l.split(' ');
      return { what: what!, trial: Number(trial), pid: Number(pid) };
    });
}

const count = (lines: LogLine[], what: string, trial: number) => lines.filter((l) => l.what === what && l.trial === trial).length;

function writeSweepFile(dir: string, name: string, objective: object, search: object): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ objective, output: join(dir, 'out'), search }));
  return file;
}

function runDriver(file: string, workers: number, storage = ''): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', driver, file, String(workers), storage], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

async function waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('sweep worker processes', () => {
  it('three forked workers share an SQLite study and run every trial once', async () => {
    const dir = tempDir();
    const log = join(dir, 'calls.log');
    const res = await sweep(
      {
        objective: { log, sleep_ms: 60, barrier: 3 },
        output: join(dir, 'out'),
        search: { strategy: 'random', num_trials: 9, metric: 'valid.both.realistic.score', parameters: [{ name: 'x', type: 'float', low: -1, high: 1 }] },
      },
      { workers: 3, runnerModule: objectiveModule, validate: false, quiet: true },
    );
    expect(res.ran).toBe(9);
    expect(res.trials.map((t) => [t.number, t.status, t.attempts])).toEqual(Array.from({ length: 9 }, (_, i) => [i, 'complete', 1]));
    const lines = readLog(log);
    for (let n = 0; n < 9; n++) {
      expect(count(lines, 'start', n)).toBe(1);
      expect(count(lines, 'end', n)).toBe(1);
    }
    // The barrier holds each worker's first trial until all three started one.
    expect(new Set(lines.map((l) => l.pid)).size).toBe(3);
    expect(new Set(res.trials.map((t) => t.workerId)).size).toBe(3);
  });

  it('after kill -9 of a running sweep, the same command runs only the unfinished trials', async () => {
    const dir = tempDir();
    const log = join(dir, 'calls.log');
    const file = writeSweepFile(dir, 'killed', { log, sleep_ms: 300, barrier: 2 }, {
      strategy: 'random',
      num_trials: 8,
      seed: 5,
      metric: 'valid.both.realistic.score',
      workers: 2,
      parameters: [{ name: 'x', type: 'float', low: -1, high: 1 }],
    });
    const first = runDriver(file, 2);
    // Kill once two trials finished and another is in progress.
    await waitFor(() => {
      const lines = readLog(log);
      const ends = lines.filter((l) => l.what === 'end').length;
      return ends >= 2 && lines.filter((l) => l.what === 'start').length > ends;
    }, 'two finished trials and a running one');
    first.child.kill('SIGKILL');
    await first.done;
    // The worker processes notice their parent is gone and exit too.
    const workerPids = [...new Set(readLog(log).map((l) => l.pid))];
    expect(workerPids).toHaveLength(2);
    await waitFor(() => workerPids.every((pid) => !processAlive(pid)), 'the worker processes to exit', 15_000);

    const storagePath = join(dir, 'out', 'study.db');
    const storage = await openStorage(storagePath);
    const study = (await storage.getStudy('killed'))!;
    const afterKill = await storage.listTrials(study.id);
    await storage.close();
    const finished = afterKill.filter((t) => t.status === 'complete').map((t) => t.number);
    const interrupted = afterKill.filter((t) => t.status === 'running').map((t) => t.number);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(interrupted.length).toBeGreaterThanOrEqual(1);

    // Status sees the orphaned trials before anyone re-queues them.
    const status = await sweepStatus({ config: file });
    expect(status.status.running.map((r) => r.number)).toEqual(interrupted);
    expect(status.text).toContain('worker process gone: will be re-queued');

    const second = runDriver(file, 2);
    const { code, stdout, stderr } = await second.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ran: 8 - finished.length, trials: 8 });

    const lines = readLog(log);
    for (let n = 0; n < 8; n++) {
      if (finished.includes(n)) expect(count(lines, 'start', n)).toBe(1);
      else if (interrupted.includes(n)) expect(count(lines, 'start', n)).toBe(2);
      else expect(count(lines, 'start', n)).toBe(1);
    }
    const final = await openStorage(storagePath);
    const trials = await final.listTrials(study.id);
    await final.close();
    expect(trials.every((t) => t.status === 'complete')).toBe(true);
    for (const t of trials) expect(t.attempts).toBe(interrupted.includes(t.number) ? 2 : 1);
    // Finished trials kept their first result.
    for (const n of finished) expect(trials[n]!.finishedAt).toBe(afterKill[n]!.finishedAt);
  });

  it.skipIf(!pgInfo.url)(`two processes share a study through PostgreSQL and never run a trial twice${pgInfo.url ? '' : ` (skipped: ${pgInfo.why})`}`, async () => {
    const dir = tempDir();
    const log = join(dir, 'calls.log');
    const studyName = `pg-two-workers-${process.pid}-${Date.now()}`;
    const file = writeSweepFile(dir, 'shared', { log, sleep_ms: 40, barrier: 2 }, {
      strategy: 'random',
      num_trials: 12,
      study_name: studyName,
      metric: 'valid.both.realistic.score',
      parameters: [{ name: 'x', type: 'float', low: -1, high: 1 }, { name: 'c', values: ['a', 'b', 'c'] }],
    });
    const a = runDriver(file, 1, pgInfo.url);
    const b = runDriver(file, 1, pgInfo.url);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, rb.code, ra.stderr, rb.stderr]).toEqual([0, 0, '', '']);
    const ranA = JSON.parse(ra.stdout).ran as number;
    const ranB = JSON.parse(rb.stdout).ran as number;
    expect(ranA + ranB).toBe(12);
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);
    const lines = readLog(log);
    for (let n = 0; n < 12; n++) expect(count(lines, 'start', n)).toBe(1);
    const storage = await openStorage(pgInfo.url!);
    const study = (await storage.getStudy(studyName))!;
    const trials = await storage.listTrials(study.id);
    await storage.deleteStudy(studyName);
    await storage.close();
    expect(trials.map((t) => [t.number, t.status])).toEqual(Array.from({ length: 12 }, (_, i) => [i, 'complete']));
    expect(new Set(trials.map((t) => t.pid)).size).toBe(2);
  });
});
