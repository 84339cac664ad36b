import type { Command } from 'commander';
import { loadRun } from '../pipeline/load-run.js';
import { ConfigError } from '../errors.js';

function idOf(map: Map<string, number>, label: string, what: string): number {
  const id = map.get(label);
  if (id === undefined) {
    const sample = [...map.keys()].slice(0, 8).join(', ');
    throw new ConfigError(`unknown ${what} '${label}' (not in the training data; e.g. ${sample}, ...)`, `--${what}`);
  }
  return id;
}

/** `kge predict`: the top-k completions of (h, r, ?) or (?, r, t) from a trained run. */
export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('rank entities for a query (h, r, ?) or (?, r, t) with a trained run')
    .requiredOption('-r, --run <dir>', 'run folder written by kge train')
    .option('--head <label>', 'head entity (predict tails)')
    .option('--relation <label>', 'relation')
    .option('--tail <label>', 'tail entity (predict heads)')
    .option('-k, --top <k>', 'how many answers', '10')
    .option('--filter', 'leave out answers already known in the training triples', false)
    .option('--device <device>', 'auto, gpu, cpu or wasm (default: the run config\'s)')
    .action(async (opts: { run: string; head?: string; relation?: string; tail?: string; top: string; filter: boolean; device?: string }) => {
      if (!opts.relation || (opts.head === undefined) === (opts.tail === undefined)) {
        throw new ConfigError('give --relation and exactly one of --head or --tail', 'kge predict');
      }
      const k = Number(opts.top);
      if (!Number.isInteger(k) || k < 1) throw new ConfigError(`must be a positive integer, got ${opts.top}`, '--top');
      const run = await loadRun(opts.run, { device: opts.device as never });
      const tf = run.dataset.training;
      const r = idOf(tf.relationToId, opts.relation, 'relation');
      const n = tf.numEntities;
      const scores = new Float32Array(n);
      const scorer = run.engine.scorer(run.model);
      const side = opts.head !== undefined ? 'tail' : 'head';
      const fixed = idOf(tf.entityToId, (opts.head ?? opts.tail)!, side === 'tail' ? 'head' : 'tail');
      // A model trained with inverse triples predicts heads as tails of the inverse relation,
      // exactly as the evaluator does.
      const inverse = tf.createInverseTriples && r < tf.numBaseRelations;
      try {
        if (side === 'tail') scorer.scoreTails(Int32Array.of(fixed), Int32Array.of(r), scores);
        else if (inverse) scorer.scoreTails(Int32Array.of(fixed), Int32Array.of(r + tf.numBaseRelations), scores);
        else scorer.scoreHeads(Int32Array.of(r), Int32Array.of(fixed), scores);
      } finally {
        scorer.dispose();
      }
      const known = new Set<number>();
      const triples = tf.mappedTriples;
      for (let i = 0; i < triples.length; i += 3) {
        if (triples[i + 1] !== r) continue;
        if (side === 'tail' && triples[i] === fixed) known.add(triples[i + 2]!);
        if (side === 'head' && triples[i + 2] === fixed) known.add(triples[i]!);
      }
      const order = Array.from({ length: n }, (_, i) => i)
        .filter((e) => !(opts.filter && known.has(e)))
        .sort((a, b) => scores[b]! - scores[a]!)
        .slice(0, k);
      process.stdout.write(`rank\tscore\t${side}\tin_train\n`);
      order.forEach((e, i) => process.stdout.write(`${i + 1}\t${scores[e]!.toFixed(4)}\t${tf.entityLabels[e]}\t${known.has(e) ? 'yes' : 'no'}\n`));
    });
}
