/**
 * The storage logic both SQL back ends share. Subclasses supply the connection, the dialect
 * (DDL types, clock expression, row locking) and a transaction that locks one study, so that
 * trial numbers are handed out once: SQLite by `BEGIN IMMEDIATE` (one writer per file),
 * PostgreSQL by `SELECT ... FOR UPDATE` on the study row plus `SKIP LOCKED` on queued trials.
 */
import { hostname } from 'node:os';
import { ConfigError } from '../../errors.js';
import type { Observation, TrialRecord, TrialStatus } from '../types.js';
import type {
  ClaimOptions,
  FinishUpdate,
  HeartbeatTarget,
  NewStudy,
  StudyRecord,
  StudyStorage,
  WorkerInfo,
} from './storage.js';

export type Row = Record<string, unknown>;

export interface Dialect {
  /** Auto-increment primary key column type. */
  serial: string;
  /** 64-bit integer type (ms timestamps). */
  bigint: string;
  /** Float column type. */
  real: string;
  /** SQL expression: milliseconds since the epoch on the database's clock. */
  now: string;
  /** Appended to the SELECT of a queued trial inside the claim transaction. */
  lockQueued: string;
}

export abstract class SqlStorage implements StudyStorage {
  abstract readonly kind: 'sqlite' | 'postgresql';
  abstract readonly location: string;
  protected abstract readonly dialect: Dialect;
  /** Runs one statement with `?` placeholders; returns rows (empty for statements without RETURNING). */
  protected abstract query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `fn` in a transaction that holds the lock on study `studyId` (or the schema lock when null). */
  protected abstract inTransaction<T>(studyId: number | null, fn: () => Promise<T>): Promise<T>;
  abstract heartbeatTarget(): HeartbeatTarget;
  protected abstract closeConnection(): Promise<void>;

  // One connection per process: queue operations so a transaction never interleaves with others.
  private queue: Promise<unknown> = Promise.resolve();

  protected serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  protected schema(): string[] {
    const d = this.dialect;
    return [
      `CREATE TABLE IF NOT EXISTS kge_studies (
        id ${d.serial},
        name TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        direction TEXT NOT NULL,
        metric TEXT NOT NULL,
        spec TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS kge_trials (
        id ${d.serial},
        study_id ${d.bigint} NOT NULL REFERENCES kge_studies(id),
        number INTEGER NOT NULL,
        status TEXT NOT NULL,
        params TEXT NOT NULL,
        config TEXT,
        value ${d.real},
        metrics TEXT,
        error TEXT,
        run_dir TEXT,
        worker_id TEXT,
        host TEXT,
        pid INTEGER,
        heartbeat ${d.bigint},
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at ${d.bigint} NOT NULL,
        started_at ${d.bigint},
        finished_at ${d.bigint},
        UNIQUE (study_id, number)
      )`,
      `CREATE INDEX IF NOT EXISTS kge_trials_status ON kge_trials (study_id, status)`,
      `CREATE TABLE IF NOT EXISTS kge_trial_values (
        trial_id ${d.bigint} NOT NULL REFERENCES kge_trials(id),
        step INTEGER NOT NULL,
        value ${d.real},
        PRIMARY KEY (trial_id, step)
      )`,
    ];
  }

  protected async createSchema(): Promise<void> {
    await this.inTransaction(null, async () => {
      for (const sql of this.schema()) await this.query(sql);
    });
  }

  openStudy(name: string, init: NewStudy): Promise<StudyRecord> {
    return this.serialize(async () => {
      await this.query(
        `INSERT INTO kge_studies (name, fingerprint, direction, metric, spec, created_at)
         VALUES (?, ?, ?, ?, ?, ${this.dialect.now}) ON CONFLICT (name) DO NOTHING`,
        [name, init.fingerprint, init.direction, init.metric, JSON.stringify(init.spec)],
      );
      const study = await this.selectStudy(name);
      if (!study) throw new Error(`study '${name}' vanished right after it was created`);
      if (study.fingerprint !== init.fingerprint) {
        throw new ConfigError(
          `study '${name}' already exists in ${this.location} and was created from a different sweep ` +
            `(base config, search space, metric or strategy differ); pick another study name (search.study_name / --study) ` +
            `or output folder, or delete the old study (kge sweep delete --study ${name} --storage ...)`,
          'sweep',
        );
      }
      return study;
    });
  }

  getStudy(name: string): Promise<StudyRecord | undefined> {
    return this.serialize(() => this.selectStudy(name));
  }

  listStudies(): Promise<StudyRecord[]> {
    return this.serialize(async () => (await this.query('SELECT * FROM kge_studies ORDER BY id')).map(toStudy));
  }

  deleteStudy(name: string): Promise<boolean> {
    return this.serialize(async () => {
      const study = await this.selectStudy(name);
      if (!study) return false;
      await this.inTransaction(study.id, async () => {
        await this.query('DELETE FROM kge_trial_values WHERE trial_id IN (SELECT id FROM kge_trials WHERE study_id = ?)', [study.id]);
        await this.query('DELETE FROM kge_trials WHERE study_id = ?', [study.id]);
        await this.query('DELETE FROM kge_studies WHERE id = ?', [study.id]);
      });
      return true;
    });
  }

  private async selectStudy(name: string): Promise<StudyRecord | undefined> {
    const rows = await this.query('SELECT * FROM kge_studies WHERE name = ?', [name]);
    return rows[0] ? toStudy(rows[0]) : undefined;
  }

  claimTrial(studyId: number, worker: WorkerInfo, options: ClaimOptions): Promise<TrialRecord | null> {
    return this.serialize(() =>
      this.inTransaction(studyId, async () => {
        await this.requeueOrphans(studyId, options);
        const now = this.dialect.now;
        const queued = await this.query(
          `SELECT id FROM kge_trials WHERE study_id = ? AND status = 'queued' ORDER BY number LIMIT 1${this.dialect.lockQueued}`,
          [studyId],
        );
        let trialId: number;
        if (queued[0]) {
          trialId = Number(queued[0].id);
          await this.query(
            `UPDATE kge_trials SET status = 'running', worker_id = ?, host = ?, pid = ?, heartbeat = ${now},
               started_at = ${now}, attempts = attempts + 1 WHERE id = ?`,
            [worker.id, worker.host, worker.pid, trialId],
          );
        } else {
          const count = Number((await this.query('SELECT COUNT(*) AS n FROM kge_trials WHERE study_id = ?', [studyId]))[0]!.n);
          if (count >= options.maxTrials) return null;
          const history = await this.observations(studyId);
          const params = options.suggest(count, history);
          if (params === null) return null;
          const rows = await this.query(
            `INSERT INTO kge_trials (study_id, number, status, params, worker_id, host, pid, heartbeat, attempts, created_at, started_at)
             VALUES (?, ?, 'running', ?, ?, ?, ?, ${now}, 1, ${now}, ${now}) RETURNING id`,
            [studyId, count, JSON.stringify(params), worker.id, worker.host, worker.pid],
          );
          trialId = Number(rows[0]!.id);
        }
        return (await this.selectTrials('t.id = ?', [trialId]))[0]!;
      }),
    );
  }

  /** Running trials whose worker is gone go back to the queue (or fail after too many tries). */
  private async requeueOrphans(studyId: number, options: ClaimOptions): Promise<void> {
    const rows = await this.query(
      `SELECT id, host, pid, heartbeat, attempts, ${this.dialect.now} AS now FROM kge_trials WHERE study_id = ? AND status = 'running'`,
      [studyId],
    );
    const host = hostname();
    for (const r of rows) {
      const stale = r.heartbeat === null || Number(r.now) - Number(r.heartbeat) > options.staleAfterMs;
      const dead = r.host === host && r.pid !== null && Number(r.pid) !== process.pid && !processAlive(Number(r.pid));
      if (!stale && !dead) continue;
      const id = Number(r.id);
      await this.query('DELETE FROM kge_trial_values WHERE trial_id = ?', [id]);
      const why = dead ? `its worker process (pid ${r.pid}) is gone` : `no heartbeat for over ${options.staleAfterMs / 1000} s`;
      if (Number(r.attempts) > options.maxRetries) {
        await this.query(
          `UPDATE kge_trials SET status = 'failed', error = ?, finished_at = ${this.dialect.now} WHERE id = ?`,
          [`interrupted ${r.attempts} times (last: ${why}); max_retries reached`, id],
        );
      } else {
        await this.query(
          `UPDATE kge_trials SET status = 'queued', worker_id = NULL, heartbeat = NULL, started_at = NULL, error = ? WHERE id = ?`,
          [`re-queued: ${why}`, id],
        );
      }
    }
  }

  requeueFailed(studyId: number, maxAttempts: number): Promise<number[]> {
    return this.serialize(() =>
      this.inTransaction(studyId, async () => {
        const rows = await this.query(
          `SELECT id, number, error FROM kge_trials WHERE study_id = ? AND status = 'failed' AND attempts <= ? ORDER BY number`,
          [studyId, maxAttempts],
        );
        for (const r of rows) {
          const id = Number(r.id);
          await this.query('DELETE FROM kge_trial_values WHERE trial_id = ?', [id]);
          // The old error stays visible (status, trials.csv) until the retry ends and replaces it.
          await this.query(
            `UPDATE kge_trials SET status = 'queued', worker_id = NULL, heartbeat = NULL, started_at = NULL, finished_at = NULL,
               value = NULL, metrics = NULL, error = ? WHERE id = ?`,
            [`re-queued after a failure: ${String(r.error ?? '(no message)')}`, id],
          );
        }
        return rows.map((r) => Number(r.number));
      }),
    );
  }

  private async observations(studyId: number): Promise<Observation[]> {
    const rows = await this.query('SELECT number, status, params, value FROM kge_trials WHERE study_id = ? ORDER BY number', [studyId]);
    return rows.map((r) => ({
      number: Number(r.number),
      status: r.status as TrialStatus,
      params: JSON.parse(String(r.params)),
      value: r.value === null || r.value === undefined ? null : Number(r.value),
    }));
  }

  setTrialConfig(trialId: number, workerId: string, config: unknown, runDir: string): Promise<void> {
    return this.serialize(async () => {
      await this.query('UPDATE kge_trials SET config = ?, run_dir = ? WHERE id = ? AND worker_id = ?', [
        JSON.stringify(config),
        runDir,
        trialId,
        workerId,
      ]);
    });
  }

  heartbeat(trialId: number, workerId: string): Promise<boolean> {
    return this.serialize(async () => {
      const rows = await this.query(
        `UPDATE kge_trials SET heartbeat = ${this.dialect.now} WHERE id = ? AND worker_id = ? AND status = 'running' RETURNING id`,
        [trialId, workerId],
      );
      return rows.length > 0;
    });
  }

  reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    return this.serialize(async () => {
      await this.query(
        `INSERT INTO kge_trial_values (trial_id, step, value) VALUES (?, ?, ?)
         ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value`,
        [trialId, step, Number.isFinite(value) ? value : null],
      );
    });
  }

  finishTrial(trialId: number, workerId: string, update: FinishUpdate): Promise<boolean> {
    return this.serialize(async () => {
      const value = update.value !== undefined && update.value !== null && Number.isFinite(update.value) ? update.value : null;
      const rows = await this.query(
        `UPDATE kge_trials SET status = ?, value = ?, metrics = ?, error = ?, finished_at = ${this.dialect.now}
         WHERE id = ? AND worker_id = ? AND status = 'running' RETURNING id`,
        [
          update.status,
          value,
          update.metrics === undefined ? null : JSON.stringify(update.metrics),
          update.error ?? null,
          trialId,
          workerId,
        ],
      );
      return rows.length > 0;
    });
  }

  listTrials(studyId: number): Promise<TrialRecord[]> {
    return this.serialize(() => this.selectTrials('t.study_id = ?', [studyId]));
  }

  now(): Promise<number> {
    return this.serialize(async () => Number((await this.query(`SELECT ${this.dialect.now} AS now`))[0]!.now));
  }

  private async selectTrials(where: string, params: unknown[]): Promise<TrialRecord[]> {
    const rows = await this.query(`SELECT t.* FROM kge_trials t WHERE ${where} ORDER BY t.number`, params);
    if (rows.length === 0) return [];
    const values = await this.query(
      `SELECT v.trial_id, v.step, v.value FROM kge_trial_values v JOIN kge_trials t ON t.id = v.trial_id WHERE ${where}`,
      params,
    );
    const byTrial = new Map<number, Record<number, number>>();
    for (const v of values) {
      const id = Number(v.trial_id);
      const m = byTrial.get(id) ?? {};
      m[Number(v.step)] = v.value === null ? NaN : Number(v.value);
      byTrial.set(id, m);
    }
    return rows.map((r) => toTrial(r, byTrial.get(Number(r.id)) ?? {}));
  }

  close(): Promise<void> {
    return this.serialize(() => this.closeConnection());
  }
}

/** Whether a process with this id exists on this host (EPERM: exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

function toStudy(r: Row): StudyRecord {
  return {
    id: Number(r.id),
    name: String(r.name),
    fingerprint: String(r.fingerprint),
    direction: r.direction as StudyRecord['direction'],
    metric: String(r.metric),
    spec: JSON.parse(String(r.spec)),
    createdAt: Number(r.created_at),
  };
}

function toTrial(r: Row, intermediate: Record<number, number>): TrialRecord {
  return {
    id: Number(r.id),
    number: Number(r.number),
    status: r.status as TrialStatus,
    params: JSON.parse(String(r.params)),
    config: json(r.config),
    value: num(r.value),
    metrics: json(r.metrics),
    error: (r.error as string | null) ?? null,
    intermediate,
    runDir: (r.run_dir as string | null) ?? null,
    workerId: (r.worker_id as string | null) ?? null,
    host: (r.host as string | null) ?? null,
    pid: num(r.pid),
    heartbeat: num(r.heartbeat),
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
  };
}
