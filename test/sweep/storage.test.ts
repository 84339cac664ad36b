import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, startHeartbeat } from '../../src/sweep/storage/index.js';
import type { ClaimOptions, StudyStorage, WorkerInfo } from '../../src/sweep/storage/storage.js';
import type { Observation } from '../../src/sweep/types.js';
import { deadPid, reachablePostgres, sleep, tempDir } from './helpers.js';

const pgInfo = await reachablePostgres();
if (!pgInfo.url) console.warn(`skipping PostgreSQL storage tests: ${pgInfo.why}`);

const backends: { name: string; open: () => Promise<StudyStorage>; skip: boolean }[] = [
  { name: 'sqlite', open: () => openStorage(join(tempDir(), 'study.db')), skip: false },
  { name: 'postgresql', open: () => openStorage(pgInfo.url!), skip: !pgInfo.url },
];

const worker = (id: string, host = 'elsewhere', pid = 1): WorkerInfo => ({ id, host, pid });
const claimOptions = (o: Partial<ClaimOptions> = {}): ClaimOptions => ({
  maxTrials: 3,
  staleAfterMs: 60_000,
  maxRetries: 2,
  suggest: (n) => ({ x: n * 10 }),
  ...o,
});
const init = { fingerprint: 'fp1', direction: 'minimize' as const, metric: 'valid.both.realistic.score', spec: { hello: 1 } };

for (const backend of backends) {
  describe.skipIf(backend.skip)(`${backend.name} study storage`, () => {
    const opened: StudyStorage[] = [];
    const names: string[] = [];
    const open = async () => {
      const s = await backend.open();
      opened.push(s);
      return s;
    };
    const uniqueName = (base: string) => {
      const name = `${base}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      names.push(name);
      return name;
    };
    afterAll(async () => {
      // The PostgreSQL database outlives the test run: leave it as we found it.
      for (const name of names) await opened[0]?.deleteStudy(name);
      for (const s of opened) await s.close().catch(() => undefined);
    });

    it('numbers new trials in order, passes the history to suggest, and stops at the budget', async () => {
      const s = await open();
      const study = await s.openStudy(uniqueName('numbering'), init);
      const seen: Observation[][] = [];
      const opts = claimOptions({ suggest: (n, h) => (seen.push(h), { x: n * 10 }) });
      const a = (await s.claimTrial(study.id, worker('w1'), opts))!;
      expect(a.number).toBe(0);
      expect(a.params).toEqual({ x: 0 });
      expect(a.status).toBe('running');
      expect(a.attempts).toBe(1);
      await s.reportIntermediate(a.id, 1, 0.5);
      await s.reportIntermediate(a.id, 2, 0.25);
      expect(await s.finishTrial(a.id, 'someone-else', { status: 'complete', value: 1 })).toBe(false);
      expect(await s.finishTrial(a.id, 'w1', { status: 'complete', value: 0.25, metrics: { m: 1 } })).toBe(true);
      const b = (await s.claimTrial(study.id, worker('w1'), opts))!;
      expect(b.number).toBe(1);
      expect(seen[1]).toEqual([{ number: 0, status: 'complete', params: { x: 0 }, value: 0.25 }]);
      const c = (await s.claimTrial(study.id, worker('w2'), opts))!;
      expect(c.number).toBe(2);
      expect(await s.claimTrial(study.id, worker('w3'), opts)).toBeNull();
      const trials = await s.listTrials(study.id);
      expect(trials.map((t) => [t.number, t.status])).toEqual([[0, 'complete'], [1, 'running'], [2, 'running']]);
      expect(trials[0]!.intermediate).toEqual({ 1: 0.5, 2: 0.25 });
      expect(trials[0]!.metrics).toEqual({ m: 1 });
      expect(trials[0]!.finishedAt).toBeGreaterThanOrEqual(trials[0]!.startedAt!);
      // A strategy with nothing left ends the study early.
      const other = await s.openStudy(uniqueName('exhausted'), init);
      expect(await s.claimTrial(other.id, worker('w1'), claimOptions({ suggest: () => null }))).toBeNull();
    });

    it('re-queues the trial of a dead process on this host, and of a stale heartbeat anywhere', async () => {
      const s = await open();
      const study = await s.openStudy(uniqueName('requeue'), init);
      const gone = (await s.claimTrial(study.id, worker('dead', hostname(), deadPid()), claimOptions()))!;
      await s.reportIntermediate(gone.id, 1, 3);
      const again = (await s.claimTrial(study.id, worker('alive', hostname(), process.pid), claimOptions()))!;
      expect(again.number).toBe(gone.number);
      expect(again.attempts).toBe(2);
      expect(again.intermediate).toEqual({});
      expect(again.workerId).toBe('alive');
      // The dead worker can no longer record a result for it.
      expect(await s.finishTrial(gone.id, 'dead', { status: 'complete', value: 1 })).toBe(false);

      // A worker on another host is only judged by its heartbeat.
      const remote = (await s.claimTrial(study.id, worker('remote'), claimOptions()))!;
      expect(remote.number).toBe(1);
      const fresh = (await s.claimTrial(study.id, worker('w2'), claimOptions()))!;
      expect(fresh.number).toBe(2); // remote's heartbeat is fresh: not taken
      await sleep(30);
      expect(await s.heartbeat(remote.id, 'remote')).toBe(true);
      const stale = await s.claimTrial(study.id, worker('w3'), claimOptions({ staleAfterMs: 10 * 60_000, maxTrials: 3 }));
      expect(stale).toBeNull();
      await sleep(30);
      const taken = (await s.claimTrial(study.id, worker('w3'), claimOptions({ staleAfterMs: 5, maxTrials: 3 })))!;
      // Every running trial is older than 5 ms now; the lowest number comes first.
      expect(taken.number).toBe(0);
      const all = await s.listTrials(study.id);
      expect(all.filter((t) => t.status === 'queued').map((t) => t.number)).toEqual([1, 2]);
      expect(all.find((t) => t.number === 1)!.error).toMatch(/no heartbeat for over 0.005 s/);
    });

    it('marks a trial failed once it was interrupted more than max_retries times', async () => {
      const s = await open();
      const study = await s.openStudy(uniqueName('retries'), init);
      const opts = claimOptions({ maxRetries: 1, maxTrials: 1 });
      await s.claimTrial(study.id, worker('d1', hostname(), deadPid()), opts);
      const second = (await s.claimTrial(study.id, worker('d2', hostname(), deadPid()), opts))!;
      expect(second.attempts).toBe(2);
      expect(await s.claimTrial(study.id, worker('w', hostname(), process.pid), opts)).toBeNull();
      const [t] = await s.listTrials(study.id);
      expect(t!.status).toBe('failed');
      expect(t!.error).toMatch(/interrupted 2 times .*max_retries reached/);
    });

    it('puts failed trials back in the queue while they ran at most maxAttempts times', async () => {
      const s = await open();
      const study = await s.openStudy(uniqueName('retry-failed'), init);
      const opts = claimOptions({ maxTrials: 3 });
      const [a, b, c] = [
        (await s.claimTrial(study.id, worker('w1'), opts))!,
        (await s.claimTrial(study.id, worker('w1'), opts))!,
        (await s.claimTrial(study.id, worker('w1'), opts))!,
      ];
      await s.reportIntermediate(a.id, 1, 0.5);
      await s.finishTrial(a.id, 'w1', { status: 'failed', error: 'no data' });
      await s.finishTrial(b.id, 'w1', { status: 'complete', value: 1 });
      await s.finishTrial(c.id, 'w1', { status: 'failed', error: 'no data' });
      expect(await s.requeueFailed(study.id, 0)).toEqual([]); // each ran once already
      expect(await s.requeueFailed(study.id, 1)).toEqual([0, 2]);
      const trials = await s.listTrials(study.id);
      expect(trials.map((t) => [t.number, t.status, t.value, t.finishedAt, t.error])).toEqual([
        [0, 'queued', null, null, 're-queued after a failure: no data'],
        [1, 'complete', 1, trials[1]!.finishedAt, null],
        [2, 'queued', null, null, 're-queued after a failure: no data'],
      ]);
      expect(trials[0]!.intermediate).toEqual({});
      // Queued trials come before new ones (the budget is spent anyway), lowest number first.
      const retry = (await s.claimTrial(study.id, worker('w2'), opts))!;
      expect([retry.number, retry.attempts, retry.workerId]).toEqual([0, 2, 'w2']);
    });

    it('reopens a study by name and refuses one created from another sweep', async () => {
      const s = await open();
      const name = uniqueName('reopen');
      const first = await s.openStudy(name, init);
      const again = await s.openStudy(name, { ...init, spec: { ignored: true } });
      expect(again.id).toBe(first.id);
      expect(again.spec).toEqual({ hello: 1 });
      await expect(s.openStudy(name, { ...init, fingerprint: 'fp2' })).rejects.toThrow(/created from a different sweep/);
      expect((await s.listStudies()).some((st) => st.name === name)).toBe(true);
    });

    it('a heartbeat thread keeps a claimed trial fresh, and only while it belongs to the worker', async () => {
      const s = await open();
      const study = await s.openStudy(uniqueName('heartbeat'), init);
      const trial = (await s.claimTrial(study.id, worker('hb'), claimOptions()))!;
      const beats = startHeartbeat(s.heartbeatTarget(), 'hb', 20);
      try {
        beats.set(trial.id);
        await sleep(300);
        const [t] = await s.listTrials(study.id);
        const now = await s.now();
        expect(t!.heartbeat!).toBeGreaterThan(trial.heartbeat!);
        expect(now - t!.heartbeat!).toBeLessThan(250);
        // Idle, and another worker's id, beat nothing.
        beats.set(null);
        await sleep(60);
        const [before] = await s.listTrials(study.id);
        const other = startHeartbeat(s.heartbeatTarget(), 'intruder', 20);
        other.set(trial.id);
        await sleep(200);
        await other.close();
        const [after] = await s.listTrials(study.id);
        expect(after!.heartbeat).toBe(before!.heartbeat);
      } finally {
        await beats.close();
      }
    });

    it('deletes a study with its trials and values', async () => {
      const s = await open();
      const name = uniqueName('delete');
      const study = await s.openStudy(name, init);
      const t = (await s.claimTrial(study.id, worker('w'), claimOptions()))!;
      await s.reportIntermediate(t.id, 1, 1);
      expect(await s.deleteStudy(name)).toBe(true);
      expect(await s.getStudy(name)).toBeUndefined();
      expect(await s.listTrials(study.id)).toEqual([]);
      expect(await s.deleteStudy(name)).toBe(false);
    });

    it('hands out every trial number once to concurrent workers', async () => {
      if (backend.name === 'sqlite') return; // one SQLite connection per process; see the workers test
      const a = await open();
      const b = await open();
      const study = await a.openStudy(uniqueName('concurrent'), init);
      const opts = claimOptions({ maxTrials: 30 });
      const claims = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claimTrial(study.id, worker(`w${i}`), opts)),
      );
      const numbers = claims.filter((c) => c !== null).map((c) => c!.number).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });
  });
}
