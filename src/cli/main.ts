import { Command, CommanderError } from 'commander';
import { KgeError } from '../errors.js';
import { registerTrainCommand } from './train.js';
import { registerLsCommand } from './ls.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerPredictCommand } from './predict.js';
import { registerDatasetsCommand } from './datasets.js';
import { registerSweepCommand } from './sweep.js';

export function buildProgram(): Command {
  const program = new Command();
  program.name('kge').description('knowledge graph embeddings: train, evaluate and tune link-prediction models').version('0.1.0');
  registerTrainCommand(program);
  registerEvaluateCommand(program);
  registerPredictCommand(program);
  registerLsCommand(program);
  registerDatasetsCommand(program);
  registerSweepCommand(program);
  program.exitOverride();
  return program;
}

/** CLI entry: user errors print one clear line (no stack) and exit 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const message = userErrorMessage(err);
    if (message) {
      process.stderr.write(`kge: error: ${message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

const FS_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'ENOSPC', 'EROFS', 'EMFILE']);

/** One line for errors the user can fix (bad input, file system, memory); null for bugs. */
function userErrorMessage(err: unknown): string | null {
  if (err instanceof KgeError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && FS_CODES.has(e.code)) return e.message;
  if (err instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer|out of memory/i.test(err.message)) {
    return `out of memory (${err.message}); lower model_kwargs.embedding_dim, training.batch_size, negative_sampler_kwargs.num_negs_per_pos or evaluation.batch_size`;
  }
  return null;
}
