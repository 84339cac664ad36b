import type { Command } from 'commander';
import { ConfigError, KgeError } from '../errors.js';
import { importPlugins } from '../util/plugins.js';

interface SweepCliOptions {
  config?: string;
  storage?: string;
  study?: string;
  output?: string;
  workers?: string;
  numTrials?: string;
  timeout?: string;
  quiet?: boolean;
  import?: string[];
  retryFailed?: boolean;
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`expected a positive integer, got '${value}'`, flag);
  return n;
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new ConfigError(`expected a positive number of seconds, got '${value}'`, flag);
  return n;
}

/** `kge sweep --config sweep.yaml` and `kge sweep status` (see docs/sweeps.md). */
export function registerSweepCommand(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('hyperparameter search from a sweep file (grid, random, tpe); re-running continues the study')
    .option('-c, --config <file>', 'sweep file: a base config plus a search block (see docs/sweeps.md)')
    .option('--storage <url>', 'study database: postgresql://user@host/db, or an SQLite file (default <output>/study.db)')
    .option('--study <name>', 'study name (default: search.study_name, else the sweep file name)')
    .option('-o, --output <dir>', 'sweep output folder (default: the file\'s output key, else sweeps/<study>)')
    .option('-w, --workers <n>', 'worker processes on this machine (default: search.workers, else 1)')
    .option('-n, --num-trials <n>', 'trial budget (overrides search.num_trials)')
    .option('--timeout <seconds>', 'start no new trial after this many seconds (overrides search.timeout)')
    .option('-q, --quiet', 'no progress lines (the final table and failures are still printed)', false)
    .option('--import <module...>', 'JS modules to load first (here and in every worker), e.g. one that registers a custom model or loss')
    .option('--retry-failed', 'put failed trials back in the queue, each until it ran 1 + search.max_retries times', true)
    .option('--no-retry-failed', 'leave failed trials failed')
    .action(async (opts: SweepCliOptions) => {
      if (!opts.config) throw new ConfigError('a sweep file is required: kge sweep --config sweep.yaml', 'kge sweep');
      // Before the sweep file is checked: it may name components the plugins register.
      await importPlugins(opts.import ?? []);
      const { sweep } = await import('../sweep/index.js');
      const result = await sweep(opts.config, {
        imports: opts.import,
        retryFailed: opts.retryFailed !== false,
        storage: opts.storage,
        studyName: opts.study,
        output: opts.output,
        workers: int(opts.workers, '--workers'),
        numTrials: int(opts.numTrials, '--num-trials'),
        timeout: seconds(opts.timeout, '--timeout'),
        quiet: opts.quiet,
      });
      const { files } = result;
      process.stdout.write(
        `\n${result.table}\n\n` +
          (result.failures ? `${result.failures}\n` : '') +
          `ran ${result.ran} trial(s) now; ${result.trials.length} in the study\ntrials: ${files.trialsCsv}\n` +
          (files.bestConfig ? `best config: ${files.bestConfig} (kge train --config ${files.bestConfig})\n` : ''),
      );
      if (!result.best) {
        // A study without a result is a failed command (exit 1), whatever the reason.
        const why = result.failures ? `; ${result.failures.split('\n')[0]}` : result.trials.length === 0 ? '; no trial ran' : '';
        throw new KgeError(
          `no trial of study '${result.prepared.name}' completed${why}. ` +
            `Fix the cause and run the same command again: failed trials are retried (up to search.max_retries times).`,
          'kge sweep',
        );
      }
    });

  studyCommand(cmd, 'status', 'progress of a study: trials per status, the best so far, running trials and their heartbeats')
    .action(async (own: SweepCliOptions) => {
      // Without positional options on the program, `sweep` itself parses flags given after `status`.
      const opts: SweepCliOptions = { ...cmd.opts<SweepCliOptions>(), ...own };
      const { sweepStatus } = await import('../sweep/index.js');
      const report = await sweepStatus({ config: opts.config, storage: opts.storage, studyName: opts.study, output: opts.output });
      process.stdout.write(report.text + '\n');
    });

  studyCommand(cmd, 'delete', 'delete a study and its trials from the storage (run folders stay on disk)')
    .action(async (own: SweepCliOptions) => {
      const opts: SweepCliOptions = { ...cmd.opts<SweepCliOptions>(), ...own };
      const { deleteSweepStudy } = await import('../sweep/index.js');
      const r = await deleteSweepStudy({ config: opts.config, storage: opts.storage, studyName: opts.study, output: opts.output });
      process.stdout.write(r.deleted ? `deleted study '${r.name}' from ${r.storage}\n` : `no study '${r.name}' in ${r.storage}\n`);
    });
}

/** A subcommand that names a study: the sweep file, or its storage, study name and output. */
function studyCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('-c, --config <file>', 'the sweep file (gives the study name and default storage)')
    .option('--storage <url>', 'study database (postgresql://... or an SQLite file)')
    .option('--study <name>', 'study name (needed when the storage holds several)')
    .option('-o, --output <dir>', 'sweep output folder, if it was overridden when the sweep ran');
}
