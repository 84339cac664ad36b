import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers.js';

/** Runs the CLI in-process and captures what it prints. */
async function kge(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await main(['node', 'kge', ...args]);
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

let dir: string;
beforeAll(() => {
  dir = tempDir();
  // A tiny real-looking graph: a ring of 12 entities with two relations.
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    lines.push(`e${i}\tnext\te${(i + 1) % 12}`);
    lines.push(`e${i}\tprev\te${(i + 11) % 12}`);
  }
  writeFileSync(join(dir, 'train.tsv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'test.tsv'), 'e0\tnext\te1\ne5\tprev\te4\n');
  writeFileSync(join(dir, 'bad.tsv'), 'e0\tnext\te1\ne1,next,e2\n');
  writeFileSync(
    join(dir, 'ring.yaml'),
    'dataset: {train: train.tsv, test: test.tsv}\nmodel: DistMult\ntraining: {num_epochs: 3, batch_size: 8}\n',
  );
});
afterEach(() => vi.restoreAllMocks());

describe('kge train', () => {
  it('trains from a config with files relative to it, --set overrides, prints a metrics table and the backend', async () => {
    const out = join(dir, 'run1');
    const r = await kge('train', '--config', join(dir, 'ring.yaml'), '--set', 'training.num_epochs=2', '--output', out);
    expect(r.out).toMatch(/backend: cpu/);
    expect(r.out).toMatch(/test \(filtered, realistic ranks\)/);
    expect(r.out).toMatch(/both\s+\d\.\d{4}/);
    const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(saved.config.training.num_epochs).toBe(2);
    expect(readFileSync(join(out, 'losses.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(existsSync(join(out, 'entity_embeddings.tsv'))).toBe(true);
    expect(readFileSync(join(out, 'entity_embeddings.tsv'), 'utf8').split('\n')[0]).toMatch(/^e0\t/);
  });

  it('never overwrites an earlier run without --overwrite', async () => {
    const out = join(dir, 'run2');
    expect((await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out)).code).toBe(0);
    const before = readFileSync(join(out, 'metrics.json'), 'utf8');
    const again = await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out, '--set', 'seed=7');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds results.*--overwrite/);
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(before);
    expect((await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out, '--set', 'seed=7', '--overwrite')).code).toBe(0);
  });

  it('resumes from the checkpoint and ends with the same losses as an uninterrupted run', async () => {
    const full = join(dir, 'full');
    const part = join(dir, 'part');
    await kge('train', '--config', join(dir, 'ring.yaml'), '--output', full, '--set', 'training.num_epochs=6');
    await kge('train', '--config', join(dir, 'ring.yaml'), '--output', part, '--set', 'training.num_epochs=3');
    const r = await kge('train', '--config', join(dir, 'ring.yaml'), '--output', part, '--set', 'training.num_epochs=6', '--resume');
    expect(r.code).toBe(0);
    expect(readFileSync(join(part, 'losses.csv'), 'utf8')).toBe(readFileSync(join(full, 'losses.csv'), 'utf8'));
  });

  it.each([
    [['--set', 'model=TransF'], /^kge: error: model: unknown model 'TransF' \(did you mean 'TransE'\?\); choose one of: TransE, DistMult, ComplEx, RotatE/],
    [['--set', 'loss=hinge'], /^kge: error: loss: unknown loss 'hinge'.*; choose one of: .*marginranking/i],
    [['--set', 'optimizer=adamw'], /^kge: error: optimizer: unknown optimizer 'adamw' \(did you mean 'adam'\?\)/],
    [['--set', 'modle=TransE'], /modle: unknown key 'modle' \(did you mean 'model'\?\)/],
    [['--set', 'regularizer_kwargs.weight=0.5'], /regularizer_kwargs: is set but regularizer is null/],
    [['--set', 'optimizer_kwargs.betas=0.9'], /betas must be a list of two numbers/],
    [['--set', 'lr_scheduler=CosineAnnealingLR', '--set', 'lr_scheduler_kwargs.T_max=0'], /T_max must be an integer >= 1, got 0/],
    [['--set', 'dataset.valid=TEST', '--set', 'stopper=early', '--set', 'stopper_kwargs.metric=mrrr'], /stopper_kwargs\.metric: .*mrrr/],
    [['--set', 'stopper=early'], /early stopping needs a valid split/],
    [['--set', 'model_kwargs.embedding_dim=3000000000'], /out of memory/],
    [['--set', 'dataset.test=NOPE'], /NOPE/],
    [['--set', 'training.batch_size=-3'], /training\.batch_size: must be a positive integer, got -3/],
    [['--set', 'trainig.num_epochs=3'], /trainig: unknown key 'trainig'/],
    [['--set', 'model_kwargs.embeding_dim=8'], /unknown argument 'embeding_dim'.*embedding_dim/],
    [['--set', 'optimizer_kwargs.lr=0'], /optimizer_kwargs\.lr: lr must be > 0, got 0/],
    [['--set', 'loss=focal', '--set', 'loss_kwargs.alpha=1.5'], /alpha.*1\.5/],
    [['--set', 'dataset.train=BAD'], /bad\.tsv:2/],
    [['--set', 'dataset=nosuchdataset'], /nosuchdataset/],
  ])('bad input %j gives a clear error', async (args, message) => {
    // --set paths are relative to the working directory: BAD stands for the absolute path.
    const argv = (args as string[]).map((a) => a.replace('BAD', join(dir, 'bad.tsv')).replace('TEST', join(dir, 'test.tsv')));
    const r = await kge('train', '--config', join(dir, 'ring.yaml'), '--output', join(dir, `bad-${Math.random()}`), ...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message as RegExp);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace for user errors
  });
});

describe('kge ls', () => {
  it('lists losses with family and defaults', async () => {
    const r = await kge('ls', 'losses');
    expect(r.out).toMatch(/focal \[pointwise\]/i);
    expect(r.out).toMatch(/gamma: float = 2/);
    expect(r.out).toMatch(/nssa \[setwise\]/i);
  });
});

describe('kge evaluate and kge predict on a finished run', () => {
  it('re-evaluates to the same test metrics and lists top answers', async () => {
    const out = join(dir, 'served');
    expect((await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out, '--set', 'training.num_epochs=30')).code).toBe(0);
    const trained = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const ev = await kge('evaluate', '--run', out);
    expect(ev.code).toBe(0);
    const again = JSON.parse(readFileSync(join(out, 'evaluation-test.json'), 'utf8'));
    expect(again.metrics.both.realistic.mrr).toBeCloseTo(trained.metrics.test.both.realistic.mrr, 10);
    const p = await kge('predict', '--run', out, '--head', 'e3', '--relation', 'next', '--top', '3');
    expect(p.code).toBe(0);
    const rows = p.out.trim().split('\n');
    expect(rows[0]).toBe('rank\tscore\ttail\tin_train');
    expect(rows).toHaveLength(4);
    const bad = await kge('predict', '--run', out, '--head', 'nobody', '--relation', 'next');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown head 'nobody'/);
  });
});

describe('run folders keep what was asked for', () => {
  it('--overwrite also removes reports of the earlier run', async () => {
    const out = join(dir, 'ow');
    await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out);
    await kge('evaluate', '--run', out);
    expect(existsSync(join(out, 'evaluation-test.json'))).toBe(true);
    expect((await kge('train', '--config', join(dir, 'ring.yaml'), '--output', out, '--overwrite')).code).toBe(0);
    expect(existsSync(join(out, 'evaluation-test.json'))).toBe(false);
  });

  it('--resume refuses changed training data and names it; allows a new learning rate', async () => {
    const data = join(dir, 'resume-data');
    const out = join(data, 'run');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'train.tsv'), readFileSync(join(dir, 'train.tsv')));
    writeFileSync(join(data, 'test.tsv'), readFileSync(join(dir, 'test.tsv')));
    writeFileSync(join(data, 'c.yaml'), 'dataset: {train: train.tsv, test: test.tsv}\nmodel: DistMult\ntraining: {num_epochs: 2, batch_size: 8}\n');
    expect((await kge('train', '--config', join(data, 'c.yaml'), '--output', out)).code).toBe(0);
    const lr = await kge('train', '--config', join(data, 'c.yaml'), '--output', out, '--resume', '--set', 'training.num_epochs=3', '--set', 'optimizer_kwargs.lr=0.0001');
    expect(lr.code).toBe(0);
    const short = await kge('train', '--config', join(data, 'c.yaml'), '--output', out, '--resume', '--set', 'training.num_epochs=3');
    expect(short.err).toMatch(/already at epoch 3; set training\.num_epochs above 3/);
    writeFileSync(join(data, 'train.tsv'), readFileSync(join(dir, 'train.tsv'), 'utf8').replace(/\be5\b/g, 'e5x'));
    const changed = await kge('train', '--config', join(data, 'c.yaml'), '--output', out, '--resume', '--set', 'training.num_epochs=5');
    expect(changed.code).toBe(1);
    expect(changed.err).toMatch(/training data changed/);
  });
});
