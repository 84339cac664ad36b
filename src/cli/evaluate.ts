import type { Command } from 'commander';
import { join } from 'node:path';
import { loadRun } from '../pipeline/load-run.js';
import { evaluateSplit } from '../pipeline/evaluate-split.js';
import { ConfigError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { metricsTable } from './table.js';

/** `kge evaluate`: re-evaluates a trained run on a split (e.g. valid, or test with other ks). */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a trained run on a split; writes <run>/evaluation-<split>.json')
    .requiredOption('-r, --run <dir>', 'run folder written by kge train')
    .option('--split <split>', 'valid or test', 'test')
    .option('--ks <list>', 'comma-separated k values for hits@k', '1,3,5,10')
    .option('--unfiltered', 'raw ranks: do not remove other known true answers', false)
    .option('--device <device>', 'auto, gpu, cpu or wasm (default: the run config\'s)')
    .action(async (opts: { run: string; split: string; ks: string; unfiltered: boolean; device?: string }) => {
      if (opts.split !== 'valid' && opts.split !== 'test') throw new ConfigError(`must be valid or test, got ${opts.split}`, '--split');
      const ks = opts.ks.split(',').map((s) => Number(s.trim()));
      const run = await loadRun(opts.run, { device: opts.device as never });
      // The run's own protocol, with this command's ks and filtering, both sides, all entities.
      const evaluation = { ...run.config.evaluation, ks, filtered: !opts.unfiltered, sides: ['head', 'tail'] as ('head' | 'tail')[], num_negatives: undefined, batch_size: undefined };
      const res = evaluateSplit(run.engine, run.model, run.dataset, opts.split, { ...run.config, evaluation }, false);
      const file = join(run.dir, `evaluation-${opts.split}${opts.unfiltered ? '-unfiltered' : ''}.json`);
      writeJsonAtomic(file, { metrics: res.metrics, protocol: res.protocol, checkpoint_epoch: run.epoch, backend: run.backend.description });
      const how = `${opts.unfiltered ? 'unfiltered' : 'filtered'}, realistic ranks, model of epoch ${run.epoch}`;
      process.stdout.write(metricsTable(opts.split, res.metrics as never, ks, how) + `\nwritten: ${file}\n`);
    });
}
