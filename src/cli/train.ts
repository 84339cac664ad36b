import type { Command } from 'commander';
import { pipeline, defaultOutput } from '../pipeline/pipeline.js';
import { resolveConfig } from '../pipeline/config.js';
import { loadConfigFile } from './load-config.js';
import { metricsTable } from './table.js';
import { formatRate, log } from '../util/progress.js';
import { importPlugins } from '../util/plugins.js';

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train and evaluate a model from a YAML config')
    .option('-c, --config <file>', 'YAML config file (see docs/config.md)')
    .option('-s, --set <key=value...>', 'override a config key, e.g. --set training.num_epochs=5', collect, [])
    .option('-o, --output <dir>', 'run folder (overrides the config key output)')
    .option('--overwrite', 'replace results already in the output folder', false)
    .option('--resume', 'continue from <output>/checkpoint', false)
    .option('--import <module...>', 'JS modules to load first, e.g. one that registers a custom loss or model')
    .action(async (opts: { config?: string; set: string[]; output?: string; overwrite: boolean; resume: boolean; import?: string[] }) => {
      await importPlugins(opts.import ?? []);
      const { raw, baseDir } = loadConfigFile(opts.config, opts.set);
      if (opts.output) raw.output = opts.output;
      const config = resolveConfig(raw);
      if (!config.output) config.output = defaultOutput(config);
      if (!opts.config) log.info(`kge: no --config given: training the defaults (${config.model} on ${String(config.dataset)}); see docs/config.md`);
      const result = await withInterrupt((signal) =>
        pipeline(config, { overwrite: opts.overwrite, resume: opts.resume, baseDir, quiet: process.env.KGE_QUIET === '1', signal }),
      );
      const ks = config.evaluation.ks ?? [1, 3, 5, 10];
      for (const [split, m] of Object.entries(result.metrics)) {
        if (m) process.stdout.write('\n' + metricsTable(split, m, ks, describeCandidates(config)) + '\n');
      }
      const t = result.timings;
      process.stdout.write(
        `\nbackend: ${result.backend}; engine: ${result.engine}\n` +
          `training: ${t.training_seconds.toFixed(1)} s (${formatRate(t.training_triples_per_second)} triples/s); ` +
          `evaluation: ${t.evaluation_seconds.toFixed(1)} s (${formatRate(t.evaluation_triples_per_second)} triples/s)\n` +
          (result.best_epoch !== undefined ? `best epoch: ${result.best_epoch}\n` : '') +
          (result.interrupted ? `interrupted: continue with the same command and --resume\n` : '') +
          `results: ${result.output_dir}\n`,
      );
      if (result.interrupted) process.exitCode = 130;
    });
}

/** How the table's ranks were computed, for its title. */
function describeCandidates(config: { evaluation: { filtered?: boolean; num_negatives?: number | null } }): string {
  const sampled = config.evaluation.num_negatives ? `, against ${config.evaluation.num_negatives} sampled candidates` : '';
  return `${config.evaluation.filtered === false ? 'unfiltered' : 'filtered'}${sampled}, realistic ranks`;
}

/**
 * The first Ctrl-C asks the run to stop after the current epoch and write its checkpoint; a
 * second one quits at once.
 */
async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nkge: interrupt: finishing the current epoch and writing a checkpoint (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
