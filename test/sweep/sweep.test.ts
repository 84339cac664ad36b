import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { median } from '../../src/sweep/pruner.js';
import { sweep } from '../../src/sweep/index.js';
import { objective, runTrial } from './fixtures/objective.js';
import { tempDir } from './helpers.js';

const METRIC = 'valid.both.realistic.score';

function logLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe('sweep (in-process, synthetic objective)', () => {
  it('runs a grid, writes trials.csv and best-config.yaml, and resumes without re-running', async () => {
    const out = tempDir();
    const log = join(out, 'calls.log');
    const file = {
      objective: { log },
      output: out,
      search: {
        strategy: 'grid',
        metric: METRIC,
        direction: 'minimize',
        parameters: [
          { name: 'x', type: 'float', low: 0, high: 0.5, step: 0.25 },
          { name: 'c', values: ['a', 'b'] },
        ],
      },
    };
    const res = await sweep(file, { runner: runTrial, validate: false, quiet: true });
    expect(res.ran).toBe(6);
    expect(res.trials.map((t) => t.status)).toEqual(Array(6).fill('complete'));
    // Grid order: x varies slowest.
    expect(res.trials.map((t) => t.params)).toEqual([
      { x: 0, c: 'a' }, { x: 0, c: 'b' }, { x: 0.25, c: 'a' }, { x: 0.25, c: 'b' }, { x: 0.5, c: 'a' }, { x: 0.5, c: 'b' },
    ]);
    // f = (x - 0.3)^2 + (0 + 0.2)^2 + offset(c): best at x = 0.25, c = a.
    expect(res.best!.number).toBe(2);
    expect(res.best!.value).toBeCloseTo(0.0025 + 0.04, 12);

    const csv = readFileSync(join(out, 'trials.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('number,status,value,x,c,attempts,seconds,worker,run_dir,error');
    expect(csv).toHaveLength(7);
    expect(csv[3]!.startsWith(`2,complete,${objective({ x: 0.25, c: 'a' })},0.25,a,1,`)).toBe(true);

    const bestText = readFileSync(join(out, 'best-config.yaml'), 'utf8');
    expect(bestText).toMatch(/^# Best trial 2 of study/);
    const best = parse(bestText);
    expect(best).toEqual({ objective: { log }, x: 0.25, c: 'a' }); // output dropped
    expect(res.table).toMatch(/rank\s+trial\s+valid\.both\.realistic\.score\s+x\s+c/);
    expect(res.table.split('\n')[2]).toMatch(/^1\s+2\s+0\.0425\s+0\.25\s+a/);
    expect(JSON.parse(readFileSync(join(out, 'trials', '0002', 'trial.json'), 'utf8')).value).toBeCloseTo(0.0425, 12);

    const again = await sweep(file, { runner: runTrial, validate: false, quiet: true });
    expect(again.ran).toBe(0);
    expect(logLines(log).filter((l) => l.startsWith('start'))).toHaveLength(6);
  });

  it('continues a random study when the budget grows, and refuses a changed search space', async () => {
    const out = tempDir();
    const log = join(out, 'calls.log');
    const file = (extra: object = {}) => ({
      objective: { log },
      output: out,
      search: { strategy: 'random', num_trials: 4, seed: 3, metric: METRIC, parameters: [{ name: 'x', type: 'float', low: -1, high: 1 }], ...extra },
    });
    const first = await sweep(file(), { runner: runTrial, validate: false, quiet: true });
    expect(first.ran).toBe(4);
    const more = await sweep(file(), { runner: runTrial, validate: false, quiet: true, numTrials: 6 });
    expect(more.ran).toBe(2);
    expect(more.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    // Trial n's params depend only on (seed, n): the resumed trials continue the same sequence.
    expect(more.trials.slice(0, 4).map((t) => t.params)).toEqual(first.trials.map((t) => t.params));
    expect(new Set(logLines(log).map((l) => l.split(' ')[1])).size).toBe(6);
    await expect(
      sweep(file({ parameters: [{ name: 'x', type: 'float', low: -2, high: 2 }] }), { runner: runTrial, validate: false, quiet: true }),
    ).rejects.toThrow(/created from a different sweep/);
  });

  it('prunes exactly the trials worse than the median of earlier completed ones', async () => {
    const out = tempDir();
    const res = await sweep(
      {
        objective: { steps: 3 },
        output: out,
        search: {
          strategy: 'random',
          num_trials: 16,
          seed: 11,
          metric: METRIC,
          direction: 'minimize',
          pruner: { type: 'median', n_startup_trials: 2 },
          parameters: [{ name: 'x', type: 'float', low: -2, high: 2 }],
        },
      },
      { runner: runTrial, validate: false, quiet: true },
    );
    // Reports are value + 1/step, so at step 1 the trial is compared by its final value:
    // pruned iff at least 2 trials completed before it and it is worse than their median.
    const completedValues: number[] = [];
    let pruned = 0;
    for (const t of res.trials) {
      const v = objective(t.params);
      const expectPrune = completedValues.length >= 2 && v > median(completedValues);
      expect(t.status).toBe(expectPrune ? 'pruned' : 'complete');
      if (expectPrune) {
        pruned++;
        expect(t.intermediate).toEqual({ 1: expect.closeTo(v + 1, 12) });
      } else {
        completedValues.push(v);
        expect(t.intermediate).toEqual({ 1: expect.closeTo(v + 1, 12), 2: expect.closeTo(v + 0.5, 12), 3: expect.closeTo(v + 1 / 3, 12) });
      }
    }
    expect(pruned).toBeGreaterThan(2);
  });

  it('records failures and a missing metric, and carries on', async () => {
    const out = tempDir();
    const res = await sweep(
      {
        output: out,
        search: { strategy: 'grid', metric: 'valid.both.realistic.nope', parameters: [{ name: 'fail', values: [true, false] }] },
      },
      { runner: runTrial, validate: false, quiet: true },
    );
    expect(res.trials.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(res.trials[0]!.error).toBe('synthetic failure');
    // The missing part is named, with what the result has there instead.
    expect(res.trials[1]!.error).toBe("the result has no metric 'valid.both.realistic.nope': no 'nope' under 'valid.both.realistic' (keys there: score)");
    expect(res.failures).toBe("2 of 2 trial(s) failed; first failure (trial 0): synthetic failure\n1 of the 2 failed trials have this error; trials.csv has every trial's error");
    expect(res.best).toBeUndefined();
    expect(existsSync(join(out, 'best-config.yaml'))).toBe(false);
  });

  it('starts no new trial after the timeout', async () => {
    const out = tempDir();
    const res = await sweep(
      {
        objective: { sleep_ms: 200 },
        output: out,
        search: { strategy: 'random', timeout: 0.05, metric: METRIC, parameters: [{ name: 'x', type: 'float', low: 0, high: 1 }] },
      },
      { runner: runTrial, validate: false, quiet: true },
    );
    // No budget: only the deadline stops it, right after the trial that was running at the time.
    expect(res.ran).toBeLessThanOrEqual(1);
    expect(res.trials).toHaveLength(res.ran);
  });

  it('checks trial configs against the pipeline schema before running anything', async () => {
    const out = tempDir();
    const base = { dataset: 'nations', output: out, evaluation: { splits: ['valid'] } };
    const search = { strategy: 'grid', parameters: [{ name: 'model_kwargs.embedding_dim', values: [8] }] };
    const calls: unknown[] = [];
    const runner = async (ctx: { config: Record<string, unknown> }) => {
      calls.push(ctx.config);
      return { metrics: { valid: { both: { realistic: { mrr: 0.5 } } } } };
    };
    const res = await sweep({ ...base, search }, { runner, quiet: true });
    expect(res.best!.value).toBe(0.5);
    const config = calls[0] as Record<string, any>;
    // Resolved: defaults filled, params applied, output = the trial's run folder.
    expect(config.model).toBe('TransE');
    expect(config.model_kwargs).toEqual({ embedding_dim: 8 });
    expect(config.output).toBe(join(out, 'trials', '0000'));
    expect(config.training.num_epochs).toBe(100);

    await expect(sweep({ dataset: 'nations', output: tempDir(), search }, { runner, quiet: true })).rejects.toThrow(
      /metric 'valid\.both\.realistic\.mrr' is read from the valid split, but evaluation\.splits is \[test\]/,
    );
    await expect(
      sweep({ ...base, output: tempDir(), search: { ...search, parameters: [{ name: 'trainig.num_epochs', values: [1] }] } }, { runner, quiet: true }),
    ).rejects.toThrow(/give an invalid config: .*unknown key 'trainig'/);
    await expect(
      sweep({ ...base, output: tempDir(), search: { ...search, parameters: [{ name: 'model', values: ['TransE', 'TransF'] }] } }, { runner, quiet: true }),
    ).rejects.toThrow(/unknown model "TransF"; choose from: TransE, DistMult/);
  });
});
