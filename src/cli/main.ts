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
    if (err instanceof KgeError) {
      process.stderr.write(`kge: error: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
