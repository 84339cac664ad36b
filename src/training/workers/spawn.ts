/**
 * Starts a worker thread running one of this folder's entry modules. From the built package
 * the entry is plain JS. From TypeScript sources (tests, `node --import tsx`), worker threads
 * do not inherit the parent's loader hooks on Node 20, so a small boot script registers tsx's
 * loader inside the worker first and then imports the .ts entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.__tsx) (await import(workerData.__tsx)).register();
  await import(workerData.__entry);
})().catch((err) => { setImmediate(() => { throw err; }); });
`;

/** `name` is the entry's base name in this folder, without extension (e.g. 'hogwild-worker'). */
export function spawnWorker(name: string, workerData: Record<string, unknown>, transferList: Transferable[] = []): Worker {
  const self = import.meta.url;
  const fromSource = self.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, self).href;
  // tsx is a dev dependency: only source checkouts run this branch. Its ESM API entry (the
  // CommonJS one cannot register the hooks from inside an eval'd worker).
  const tsx = fromSource ? tsxEsmApi(fileURLToPath(self)) : null;
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, __entry: entry, __tsx: tsx }, transferList, execArgv: [] });
}

function tsxEsmApi(from: string): string {
  const pkgPath = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
  const rel = pkg.exports?.['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}
