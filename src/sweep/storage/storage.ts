/** The study database: one interface, implemented for SQLite (one machine) and PostgreSQL (many). */
import type { Direction, Observation, Params, TrialRecord, TrialStatus } from '../types.js';

export interface WorkerInfo {
  /** Unique per worker process: `${host}:${pid}:${random}`. */
  id: string;
  host: string;
  pid: number;
}

export interface StudyRecord {
  id: number;
  name: string;
  /** Hash of what defines the study (base config, search space, metric, strategy). */
  fingerprint: string;
  direction: Direction;
  metric: string;
  /** The prepared sweep (JSON) that workers on any machine rebuild the study from. */
  spec: unknown;
  createdAt: number;
}

export interface NewStudy {
  fingerprint: string;
  direction: Direction;
  metric: string;
  spec: unknown;
}

export interface ClaimOptions {
  /** Trials (all statuses) the study may hold. */
  maxTrials: number;
  /** A running trial with an older heartbeat is considered orphaned. */
  staleAfterMs: number;
  /** An orphaned trial that already ran more than 1 + maxRetries times is marked failed. */
  maxRetries: number;
  /** Params for a new trial `number` (null: nothing left), given every trial so far. */
  suggest: (number: number, history: Observation[]) => Params | null;
}

export interface FinishUpdate {
  status: Extract<TrialStatus, 'complete' | 'pruned' | 'failed'>;
  value?: number | null;
  metrics?: unknown;
  error?: string | null;
}

export interface StudyStorage {
  readonly kind: 'sqlite' | 'postgresql';
  /** File path or URL (password hidden), for messages. */
  readonly location: string;
  /** Opens the study `name`, creating it if new. A study created from another sweep is an error. */
  openStudy(name: string, init: NewStudy): Promise<StudyRecord>;
  getStudy(name: string): Promise<StudyRecord | undefined>;
  listStudies(): Promise<StudyRecord[]>;
  /** Removes a study with its trials and intermediate values; false when there was none. */
  deleteStudy(name: string): Promise<boolean>;
  /**
   * Atomically (one transaction, study locked): re-queues orphaned trials (stale heartbeat, or a
   * dead process on this host), then hands this worker the lowest queued trial, or creates the
   * next one from `suggest`. Returns null when the budget is spent or the strategy is exhausted.
   */
  claimTrial(studyId: number, worker: WorkerInfo, options: ClaimOptions): Promise<TrialRecord | null>;
  /**
   * Puts failed trials that ran at most `maxAttempts` times back in the queue (their intermediate
   * values dropped), so a new invocation retries them; returns their numbers.
   */
  requeueFailed(studyId: number, maxAttempts: number): Promise<number[]>;
  /** Records the full config and run folder of a claimed trial. */
  setTrialConfig(trialId: number, workerId: string, config: unknown, runDir: string): Promise<void>;
  /** Refreshes the heartbeat; false when the trial is no longer this worker's. */
  heartbeat(trialId: number, workerId: string): Promise<boolean>;
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  /** Ends a running trial; false (and nothing written) when the trial is no longer this worker's. */
  finishTrial(trialId: number, workerId: string, update: FinishUpdate): Promise<boolean>;
  listTrials(studyId: number): Promise<TrialRecord[]>;
  /** The storage's clock in ms (heartbeats are in this clock). */
  now(): Promise<number>;
  /** What a heartbeat thread needs to open its own connection. */
  heartbeatTarget(): HeartbeatTarget;
  close(): Promise<void>;
}

export interface HeartbeatTarget {
  kind: 'sqlite' | 'postgresql';
  /** File path or full connection URL. */
  connection: string;
  /** UPDATE with two parameters: trial id, worker id. */
  sql: string;
}
