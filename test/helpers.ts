/**
 * Shared test helpers. This file is the one place that decides where the real benchmark
 * datasets for tests live, and it owns the temp folders tests create.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { afterAll } from 'vitest';

const TEST_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = resolve(TEST_DIR, '..');

/**
 * Real benchmark datasets, laid out like the kge cache (`<name>/{train,valid,test}.txt[.gz]`):
 * `$KGE_TEST_DATASETS`, else `<repo>/../shared/datasets`.
 */
export const SHARED_DATASETS = resolve(process.env.KGE_TEST_DATASETS || join(REPO_ROOT, '..', 'shared', 'datasets'));

/** Whether the real datasets are there. Tests that need them use `describe.skipIf(!hasShared)`. */
export const hasShared = existsSync(join(SHARED_DATASETS, 'nations', 'train.txt'));

/** Points the dataset cache (KGE_DATA_HOME) at the shared datasets for the current test file. */
export function useSharedDatasets(): void {
  process.env.KGE_DATA_HOME = SHARED_DATASETS;
}

// ---- temp folders -------------------------------------------------------------------------

const created: string[] = [];

function removeCreated(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Importing this file happens while vitest collects a test file, so this hook belongs to that
// file and runs after its own afterAll hooks (hooks run as a stack). Vitest skips the hooks of
// a file whose tests are all skipped, so make folders inside tests or hooks, not at import.
// The exit hook covers runners that exit normally (vitest's fork workers are killed instead).
afterAll(removeCreated);
process.once('exit', removeCreated);

/** A fresh folder under the OS temp dir, removed after the current test file (call it in a test or hook). */
export function tempDir(prefix = 'kge-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

// ---- notice when the real data is absent --------------------------------------------------

/** Counts `skipIf(!hasShared)` groups across the suite, so the notice says how much is skipped. */
function countSharedGroups(): number {
  let n = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) n += readFileSync(p, 'utf8').match(/\.skipIf\(!hasShared\)/g)?.length ?? 0;
    }
  };
  walk(TEST_DIR);
  return n;
}

/**
 * True for the first caller of this vitest run only. Test files run in separate workers, so
 * the marker is a folder keyed by the vitest main process id (the parent of a fork worker, the
 * process itself for thread workers); markers of finished runs are removed here too.
 */
function firstInRun(): boolean {
  const runPid = isMainThread ? process.ppid : process.pid;
  const markers = join(REPO_ROOT, 'node_modules', '.cache', 'kge-test');
  try {
    mkdirSync(markers, { recursive: true });
    for (const name of readdirSync(markers)) {
      const pid = Number(name.replace(/^notice-/, ''));
      if (pid !== runPid && !alive(pid)) rmSync(join(markers, name), { recursive: true, force: true });
    }
    mkdirSync(join(markers, `notice-${runPid}`));
    return true;
  } catch {
    return false; // EEXIST: another file of this run already printed the notice
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (!hasShared && firstInRun()) {
  console.warn(
    `shared datasets not found at ${SHARED_DATASETS}: ${countSharedGroups()} test groups that need real data are skipped; ` +
      'set KGE_TEST_DATASETS to a folder holding the registry datasets as <name>/{train,valid,test}.txt ' +
      '(e.g. run `kge datasets download nations kinships umls wn18rr fb15k237 codex-small codex-medium` and point it at ~/.kge/datasets)',
  );
}
