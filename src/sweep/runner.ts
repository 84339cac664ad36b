/** What runs one trial: by default the pipeline, or any function with the same contract. */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import type { PipelineConfig } from '../pipeline/types.js';
import { getByPath } from '../pipeline/config.js';
import type { Params } from './types.js';

export interface TrialContext {
  number: number;
  params: Params;
  /** The trial's full config (base config + params, output = runDir). */
  config: Record<string, unknown>;
  runDir: string;
  /** The study metric, e.g. `valid.both.realistic.mrr`. */
  metric: string;
  /**
   * Reports the study metric at a validation checkpoint (step = epoch). Returns 'prune' when the
   * pruner wants the trial stopped; the runner should then stop and return `pruned: true`.
   */
  report(step: number, value: number): 'prune' | undefined;
}

export interface TrialOutcome {
  /** Final metrics; the study metric is read from here (`valid.both.realistic.mrr`). */
  metrics: Record<string, unknown>;
  pruned?: boolean;
}

export type TrialRunner = (ctx: TrialContext) => Promise<TrialOutcome>;

/** Trains and evaluates the trial's config with the pipeline, in this process. */
export const pipelineRunner: TrialRunner = async (ctx) => {
  // Loaded on first use: the sweep's parent process never needs the training code.
  const { pipeline } = await import('../pipeline/pipeline.js');
  const [split, ...rest] = ctx.metric.split('.');
  const inner = rest.join('.');
  const result = await pipeline(ctx.config as unknown as PipelineConfig, {
    quiet: true,
    overwrite: true,
    // Checkpoints evaluate the validation split, so only a validation metric can be compared.
    onValidation:
      split === 'valid'
        ? (epoch, metrics) => {
            const v = getByPath(metrics, inner);
            return typeof v === 'number' ? ctx.report(epoch, v) : undefined;
          }
        : undefined,
  });
  return { metrics: result.metrics as Record<string, unknown>, pruned: result.pruned === true };
};

/**
 * Loads a runner from a module (its `runTrial` export, else its default export). Worker
 * processes cannot receive a function, so custom objectives travel as a module path.
 */
export async function loadRunnerModule(path: string): Promise<TrialRunner> {
  const abs = isAbsolute(path) ? path : resolve(path);
  const mod = (await import(pathToFileURL(abs).href)) as { runTrial?: unknown; default?: unknown };
  const fn = mod.runTrial ?? mod.default;
  if (typeof fn !== 'function') throw new ConfigError(`exports no runTrial function (nor a default export)`, abs);
  return fn as TrialRunner;
}
