import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSweepCommand } from '../../src/cli/sweep.js';

function program(): Command {
  const p = new Command();
  p.exitOverride();
  registerSweepCommand(p);
  return p;
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
    expect(flags).toEqual(['--config', '--storage', '--study', '--output', '--workers', '--num-trials', '--timeout', '--quiet']);
    expect(sweep.commands.map((c) => c.name())).toEqual(['status', 'delete']);
  });
});
