import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

it('docs/examples/custom-loss.mjs runs and its hand-computed checks pass', () => {
  // The example imports from 'kge' (the built package); point that at the sources instead.
  const source = readFileSync(join(repo, 'docs/examples/custom-loss.mjs'), 'utf8');
  expect(source).toContain("from 'kge'");
  const shim = join(here, 'fixtures/kge-shim.ts');
  const dir = mkdtempSync(join(tmpdir(), 'kge-example-'));
  try {
    const file = join(dir, 'custom-loss.mts');
    writeFileSync(file, source.replace("from 'kge'", `from ${JSON.stringify(shim)}`));
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: repo, encoding: 'utf8' });
    expect(out).not.toContain('MISMATCH');
    expect(out.match(/ ok$/gm)?.length).toBe(4);
    expect(out).toContain("rejected: loss SquaredHingeLoss: argument 'margin' must be >= 0, got -1");
    expect(out).toContain('listed: squaredhinge (pairwise)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
