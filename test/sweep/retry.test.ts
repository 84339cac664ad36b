/** Failed trials go back in the queue on the next run (up to max_retries), so fixing the cause completes the study. */
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../src/sweep/index.js';
import { failureSummary } from '../../src/sweep/report.js';
import { missingMetric } from '../../src/sweep/worker.js';
import type { TrialRecord } from '../../src/sweep/types.js';
import type { TrialRunner } from '../../src/sweep/runner.js';
import { tempDir } from './helpers.js';

/** Fails every trial while `flag` exists (an environment problem, unrelated to the params). */
function runnerBrokenWhile(flag: string): TrialRunner {
  return async (ctx) => {
    if (existsSync(flag)) throw new Error(`cannot reach the data (${flag} exists)`);
    return { metrics: { valid: { both: { realistic: { score: Number(ctx.params.x) } } } } };
  };
}

const trial = (number: number, status: TrialRecord['status'], error?: string): TrialRecord =>
  ({ id: number + 1, number, status, params: {}, intermediate: {}, attempts: 1, createdAt: 0, error }) as TrialRecord;

describe('failed trials', () => {
  it('are summarized with the first error and whether the others share it', () => {
    expect(failureSummary([trial(0, 'complete')])).toBeUndefined();
    expect(failureSummary([trial(0, 'complete'), trial(1, 'failed', 'boom')])).toBe('1 of 2 trial(s) failed; first failure (trial 1): boom');
    expect(failureSummary([trial(0, 'failed', 'boom'), trial(1, 'failed', 'boom')])).toBe(
      '2 of 2 trial(s) failed; first failure (trial 0): boom\nall 2 failed trials have this error',
    );
    expect(failureSummary([trial(0, 'failed', 'boom'), trial(1, 'pruned'), trial(2, 'failed', 'bang')])).toBe(
      "2 of 3 trial(s) failed; first failure (trial 0): boom\n1 of the 2 failed trials have this error; trials.csv has every trial's error",
    );
  });

  it('lacking the metric say which part of its path is missing', () => {
    const metrics = { test: { both: { realistic: { mrr: 0.5 } } } };
    expect(missingMetric(metrics, 'valid.both.realistic.mrr')).toBe(
      "the result has no metric 'valid.both.realistic.mrr': no split 'valid' (splits in the result: test; is 'valid' in evaluation.splits?)",
    );
    expect(missingMetric(metrics, 'test.both.pessimistic.mrr')).toBe(
      "the result has no metric 'test.both.pessimistic.mrr': no 'pessimistic' under 'test.both' (keys there: realistic)",
    );
    expect(missingMetric({}, 'valid.mrr')).toBe("the result has no metric 'valid.mrr': no split 'valid' (splits in the result: (nothing); is 'valid' in evaluation.splits?)");
  });

  it('are retried by the next run, up to max_retries, and not with retryFailed: false', async () => {
    const out = tempDir();
    const flag = join(out, 'broken');
    writeFileSync(flag, '');
    const file = {
      output: out,
      search: {
        strategy: 'grid',
        metric: 'valid.both.realistic.score',
        max_retries: 1,
        parameters: [{ name: 'x', values: [1, 2, 3] }],
      },
    };
    const run = (extra: { retryFailed?: boolean } = {}) => sweep(file, { runner: runnerBrokenWhile(flag), validate: false, quiet: true, ...extra });

    const first = await run();
    expect(first.ran).toBe(3);
    expect(first.retried).toEqual([]);
    expect(first.trials.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
    expect(first.best).toBeUndefined();
    expect(first.failures).toBe(`3 of 3 trial(s) failed; first failure (trial 0): cannot reach the data (${flag} exists)\nall 3 failed trials have this error`);

    // Not retried when asked not to: the study stays as it is.
    const kept = await run({ retryFailed: false });
    expect(kept.ran).toBe(0);
    expect(kept.trials.map((t) => t.attempts)).toEqual([1, 1, 1]);

    // Still broken: the second attempt fails too; max_retries 1 allows no third.
    const second = await run();
    expect(second.retried).toEqual([0, 1, 2]);
    expect(second.ran).toBe(3);
    expect(second.trials.map((t) => [t.status, t.attempts])).toEqual([['failed', 2], ['failed', 2], ['failed', 2]]);
    const third = await run();
    expect(third.retried).toEqual([]);
    expect(third.ran).toBe(0);

    // With one more retry allowed and the cause fixed, the same study completes.
    rmSync(flag);
    const fixed = await sweep({ ...file, search: { ...file.search, max_retries: 2 } }, { runner: runnerBrokenWhile(flag), validate: false, quiet: true });
    expect(fixed.retried).toEqual([0, 1, 2]);
    expect(fixed.trials.map((t) => [t.number, t.status, t.attempts, t.error])).toEqual([
      [0, 'complete', 3, null],
      [1, 'complete', 3, null],
      [2, 'complete', 3, null],
    ]);
    expect(fixed.best!.params).toEqual({ x: 3 });
    expect(fixed.failures).toBeUndefined();
  });
});
