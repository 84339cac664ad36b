import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerSweepCommand } from '../../src/cli/sweep.js';
import { optimizerRegistry } from '../../src/training/index.js';
import { writeTinyData } from './fixtures/tiny-data.js';
import { tempDir } from './helpers.js';

function program(): Command {
  const p = new Command();
  p.exitOverride();
  registerSweepCommand(p);
  return p;
}

/** Runs `kge ...args`; returns what it printed on stdout and the error it ended with, if any. */
async function kge(args: string[]): Promise<{ out: string; error?: Error }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program().parseAsync(['node', 'kge', ...args]);
    return { out };
  } catch (error) {
    return { out, error: error as Error };
  } finally {
    spy.mockRestore();
  }
}

/** A sweep file over a tiny dataset, trained for real (1 epoch, 2 trials). */
function tinySweepFile(dir: string, name: string, extra: Record<string, unknown> = {}, parameters: unknown[] = [{ name: 'model', values: ['TransE', 'DistMult'] }]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      dataset: { train: 'data/train.txt', valid: 'data/valid.txt', test: 'data/test.txt' },
      model_kwargs: { embedding_dim: 4 },
      training: { num_epochs: 1, batch_size: 8 },
      evaluation: { splits: ['valid'] },
      output: join(dir, `${name}-out`),
      ...extra,
      search: { strategy: 'grid', parameters },
    }),
  );
  return file;
}

describe('kge sweep command line', () => {
  it('needs a sweep file, and status needs a study location', async () => {
    await expect(program().parseAsync(['node', 'kge', 'sweep'])).rejects.toThrow(/a sweep file is required: kge sweep --config sweep\.yaml/);
    await expect(program().parseAsync(['node', 'kge', 'sweep', 'status'])).rejects.toThrow(/--config sweep\.yaml or --storage URL/);
    await expect(program().parseAsync(['node', 'kge', 'sweep', '--config', 'x.yaml', '--workers', '0'])).rejects.toThrow(/--workers: expected a positive integer, got '0'/);
  });

  it('lists its options', () => {
    const sweep = program().commands.find((c) => c.name() === 'sweep')!;
    const flags = sweep.options.map((o) => o.long);
    expect(flags).toEqual([
      '--config', '--storage', '--study', '--output', '--workers', '--num-trials', '--timeout', '--quiet', '--import', '--retry-failed', '--no-retry-failed',
    ]);
    expect(sweep.commands.map((c) => c.name())).toEqual(['status', 'delete']);
  });

  it('fails (exit 1) with the first failure when no trial completes, even with -q; the next run retries', async () => {
    const dir = tempDir();
    const data = writeTinyData(join(dir, 'data'), { badTrain: true });
    const file = tinySweepFile(dir, 'broken');
    const first = await kge(['sweep', '--config', file, '-q']);
    expect(first.error?.message).toMatch(
      /^kge sweep: no trial of study 'broken' completed; 2 of 2 trial\(s\) failed; first failure \(trial 0\): .*train\.txt:17: the tail label \(field 3\) is empty.*Fix the cause and run the same command again/,
    );
    expect(first.out).toMatch(/no completed trials yet/);
    expect(first.out).toMatch(/2 of 2 trial\(s\) failed; first failure \(trial 0\): .*the tail label \(field 3\) is empty.*\nall 2 failed trials have this error\nran 2 trial\(s\) now; 2 in the study/);

    writeTinyData(join(dir, 'data'));
    expect(data.train).toBe(join(dir, 'data', 'train.txt'));
    const second = await kge(['sweep', '--config', file, '-q']);
    expect(second.error).toBeUndefined();
    expect(second.out).toMatch(/ran 2 trial\(s\) now; 2 in the study/);
    expect(second.out).not.toMatch(/failed/);
    expect(second.out).toMatch(/best config: .*best-config\.yaml/);
  });

  it('--import loads a plugin here and in every worker process, so its components can be swept', async () => {
    const dir = tempDir();
    writeTinyData(join(dir, 'data'));
    const file = tinySweepFile(dir, 'plugin', { optimizer_kwargs: { lr: 0.05 } }, [{ name: 'optimizer', values: ['sgd', 'plugin_sgd'] }]);
    const plugin = fileURLToPath(new URL('./fixtures/plugin.ts', import.meta.url));
    const res = await kge(['sweep', '--config', file, '-q', '-w', '2', '--import', plugin]);
    expect(res.error).toBeUndefined();
    expect(optimizerRegistry.has('plugin_sgd')).toBe(true);
    // The same optimizer under two names, same seed: the two trials reach the same value.
    const rows = res.out.split('\n').filter((l) => /^\d\s+\d\s/.test(l));
    expect(rows).toHaveLength(2);
    const values = rows.map((r) => Number(r.split(/\s+/)[2]));
    expect(values[0]).toBeCloseTo(values[1]!, 6);
    expect(res.out).toMatch(/ran 2 trial\(s\) now; 2 in the study/);
  });
});
