/** Hyperparameter sweeps: search spaces, strategies (grid, random, TPE), pruning, study storage. */
export { sweep, toSweepConfig, type SweepOptions, type SweepResult } from './sweep.js';
export { sweepStatus, deleteSweepStudy, type StatusOptions, type StatusReport } from './status.js';
export { loadSweepFile, parseSweepConfig, normalizeMetric, defaultStudyName, RANGE_FAMILIES } from './config.js';
export { defaultRanges, expandDefaultRanges, loadRangeRegistries } from './defaults.js';
export { SearchSpace } from './space.js';
export { createStrategy, GridStrategy, RandomStrategy, TpeStrategy, DEFAULT_TPE, type Strategy } from './strategies/index.js';
export { MedianPruner } from './pruner.js';
export { prepareSweep, buildTrialConfig, studyFingerprint, planStudy, trialRunDir, type PreparedSweep } from './study.js';
export { runWorker, type WorkerEvent, type WorkerOptions } from './worker.js';
export { pipelineRunner, loadRunnerModule, type TrialRunner, type TrialContext, type TrialOutcome } from './runner.js';
export { openStorage, defaultStoragePath, SqliteStorage, PostgresStorage } from './storage/index.js';
export type { StudyStorage, StudyRecord, WorkerInfo, ClaimOptions, FinishUpdate } from './storage/index.js';
export { bestTable, trialsCsv, bestConfigYaml, rankTrials, bestTrial, failureSummary } from './report.js';
export { probeParams, rangeEnds, checkMetricSplit, checkStudyMetric, checkSplitMetric, checkStopperMetric, checkDatasets, checkDevices, componentChecker, type Probe } from './preflight.js';
export type * from './types.js';
