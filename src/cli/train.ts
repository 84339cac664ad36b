import type { Command } from 'commander';
import { pipeline, defaultOutput } from '../pipeline/pipeline.js';
import { resolveConfig } from '../pipeline/config.js';
import { loadConfigFile } from './load-config.js';
import { metricsTable } from './table.js';
import { formatRate } from '../util/progress.js';
import { importPlugins } from './plugins.js';

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
      const result = await pipeline(config, { overwrite: opts.overwrite, resume: opts.resume, baseDir, quiet: false });
      const ks = config.evaluation.ks ?? [1, 3, 5, 10];
      for (const [split, m] of Object.entries(result.metrics)) if (m) process.stdout.write('\n' + metricsTable(split, m, ks) + '\n');
      const t = result.timings;
      process.stdout.write(
        `\nbackend: ${result.backend}; engine: ${result.engine}\n` +
          `training: ${t.training_seconds.toFixed(1)} s (${formatRate(t.training_triples_per_second)} triples/s); ` +
          `evaluation: ${t.evaluation_seconds.toFixed(1)} s (${formatRate(t.evaluation_triples_per_second)} triples/s)\n` +
          (result.best_epoch !== undefined ? `best epoch: ${result.best_epoch}\n` : '') +
          `results: ${result.output_dir}\n`,
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
