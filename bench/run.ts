/**
 * `npm run bench`: FB15k-237, TransE (L1) and DistMult at dim 128, batch 1024 with 1 negative,
 * margin ranking loss, Adam. Measures, in one session on one machine:
 *   - median ms per full training step (sample, gradients, Adam, constraints) per engine,
 *   - trainer throughput (triples/s) over a fixed number of steps,
 *   - filtered evaluation, both sides (queries/s), with 1 thread and all cores,
 *   - scoring 256 queries against every entity,
 * for kge fused, kge tfjs-cpu, kge tfjs-wasm and the PyTorch reference (bench/torch_reference.py,
 * run with /usr/bin/python3 when it has torch), and prints ratios against PyTorch.
 * Each kge measurement runs in its own process (own tfjs backend, own peak RSS).
 *
 * Flags: --steps N (fused training steps, default 200), --step-steps N (fused steps timed in the
 * per-step benchmark, default 100), --eval-triples N (test triples, default 1000; 0 = all),
 * --full-eval (all 20,438 test triples), --workers N (default: all cores), --tfjs-steps N
 * (default 3 cpu / 20 wasm), --no-tfjs, --no-torch, --quick (small everything).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { datasetsHome, fb15k237Files, REPO } from './common.js';
import type { Task } from './task.js';

interface Options {
  steps: number;
  stepSteps: number;
  evalTriples: number;
  workers: number;
  tfjsSteps: number;
  tfjs: boolean;
  torch: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { steps: 200, stepSteps: 100, evalTriples: 1000, workers: availableParallelism(), tfjsSteps: 3, tfjs: true, torch: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      return Math.floor(v);
    };
    if (a === '--steps') o.steps = Math.max(1, num());
    else if (a === '--step-steps') o.stepSteps = Math.max(1, num());
    else if (a === '--eval-triples') o.evalTriples = num();
    else if (a === '--full-eval') o.evalTriples = 0;
    else if (a === '--workers') o.workers = Math.max(1, num());
    else if (a === '--tfjs-steps') o.tfjsSteps = Math.max(1, num());
    else if (a === '--no-tfjs') o.tfjs = false;
    else if (a === '--no-torch') o.torch = false;
    else if (a === '--quick') Object.assign(o, { steps: 30, stepSteps: 20, evalTriples: 200, tfjsSteps: 1 });
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--steps N] [--step-steps N] [--eval-triples N | --full-eval] [--workers N] [--tfjs-steps N] [--no-tfjs] [--no-torch] [--quick]');
      process.exit(0);
    } else throw new Error(`unknown flag ${a} (see --help)`);
  }
  return o;
}

type Result = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function runTask(task: Task): Result | null {
  const label = JSON.stringify(task);
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench/task.ts'), label], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, KGE_QUIET: '1' } });
  const line = p.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (p.status !== 0 || !line) {
    console.log(`  ! task failed: ${label}\n${(p.stderr || p.stdout || '').split('\n').slice(-8).join('\n')}`);
    return null;
  }
  process.stderr.write(`  . ${task.kind} ${'engine' in task ? task.engine : ''} ${'model' in task ? task.model : ''} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as Result;
}

function torchAvailable(): string | null {
  const p = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return p.status === 0 ? p.stdout.trim() : null;
}

function runTorch(o: Options, threads: number, dataDir: string): Result | null {
  const args = [join(REPO, 'bench/torch_reference.py'), '--data', dataDir, '--threads', String(threads), '--step-steps', String(Math.min(o.stepSteps, 30)), '--train-steps', String(o.steps), '--eval-triples', String(o.evalTriples)];
  const t0 = performance.now();
  const p = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = p.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (p.status !== 0 || !line) {
    console.log(`  ! PyTorch reference failed:\n${(p.stderr || '').split('\n').slice(-8).join('\n')}`);
    return null;
  }
  process.stderr.write(`  . torch, ${threads} thread(s) (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as Result;
}

const f1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fk = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function table(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}`);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const files = fb15k237Files();
  if (!files) {
    console.log(`bench: FB15k-237 not found under ${datasetsHome()} (set KGE_DATA_HOME to a folder holding fb15k237/{train,valid,test}.txt[.gz]); skipping.`);
    return;
  }
  const dataDir = join(datasetsHome(), 'fb15k237');
  const cores = availableParallelism();
  const workerList = [...new Set([1, o.workers])];
  console.log(`kge bench: FB15k-237 from ${dataDir}`);
  console.log(`machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}; the load of other processes affects every number below.`);

  if (!runTask({ kind: 'prepare' })) return;

  // Per-step medians.
  const steps: Record<string, Result | null> = {};
  for (const model of ['TransE', 'DistMult'] as const) {
    steps[`fused/${model}`] = runTask({ kind: 'steps', engine: 'fused', model, steps: o.stepSteps, warmup: 10 });
    if (o.tfjs) {
      steps[`tfjs-cpu/${model}`] = runTask({ kind: 'steps', engine: 'tfjs-cpu', model, steps: o.tfjsSteps, warmup: 1 });
      steps[`tfjs-wasm/${model}`] = runTask({ kind: 'steps', engine: 'tfjs-wasm', model, steps: Math.max(o.tfjsSteps, 20), warmup: 3 });
    }
  }
  // Trainer throughput + evaluation.
  const te: Record<string, Result | null> = {};
  te.fused = runTask({ kind: 'train-eval', engine: 'fused', steps: o.steps, evalTriples: o.evalTriples, workers: workerList });
  if (o.workers > 1) te[`fused x${o.workers}`] = runTask({ kind: 'train-eval', engine: 'fused', steps: o.steps, evalTriples: -1, workers: [], trainWorkers: o.workers });
  const evalDistMult = runTask({ kind: 'train-eval', engine: 'fused', steps: 1, evalTriples: o.evalTriples, workers: workerList, model: 'DistMult' });
  if (o.tfjs) {
    te['tfjs-cpu'] = runTask({ kind: 'train-eval', engine: 'tfjs-cpu', steps: o.tfjsSteps, evalTriples: 16, workers: [1] });
    te['tfjs-wasm'] = runTask({ kind: 'train-eval', engine: 'tfjs-wasm', steps: Math.max(o.tfjsSteps, 20), evalTriples: 64, workers: [1] });
  }
  // Ranking 256 queries.
  const rank: Record<string, Result | null> = {};
  for (const model of ['TransE', 'DistMult'] as const) {
    rank[`fused/${model}`] = runTask({ kind: 'rank', engine: 'fused', model, queries: 256, reps: 5, workers: workerList });
    if (o.tfjs) {
      // The tfjs scorers are slow: fewer queries, scaled to 256 in the table.
      rank[`tfjs-cpu/${model}`] = runTask({ kind: 'rank', engine: 'tfjs-cpu', model, queries: 16, reps: 1, workers: [1] });
      rank[`tfjs-wasm/${model}`] = runTask({ kind: 'rank', engine: 'tfjs-wasm', model, queries: 64, reps: 2, workers: [1] });
    }
  }
  // PyTorch, with 1 thread and with all cores (on a busy machine its OpenMP threads can be slower).
  const torch: Record<number, Result | null> = {};
  const torchVersion = o.torch ? torchAvailable() : null;
  if (o.torch && !torchVersion) console.log('\nPyTorch reference skipped: `/usr/bin/python3 -c "import torch"` failed (apt-get install -y python3-torch provides it).');
  if (torchVersion) for (const t of [...new Set([1, cores])]) torch[t] = runTorch(o, t, dataDir);
  const torchRuns = Object.entries(torch).filter(([, r]) => r) as [string, Result][];
  const bestTorch = (pick: (r: Result) => number | undefined, lowerIsBetter: boolean) => {
    const vals = torchRuns.map(([, r]) => pick(r)).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return vals.length ? (lowerIsBetter ? Math.min(...vals) : Math.max(...vals)) : undefined;
  };

  // ---- Report ----
  const n = steps['fused/TransE']?.numEntities ?? te.fused?.numEntities;
  const torchStepTransE = bestTorch((r) => r.msPerStep?.['TransE/dense'], true);
  const torchStepDistMult = bestTorch((r) => r.msPerStep?.['DistMult/dense'], true);
  const ratio = (torchMs: number | undefined, ms: number | undefined) => (torchMs && ms ? `${(torchMs / ms).toFixed(2)}x` : '-');
  const stepRows: string[][] = [];
  for (const e of ['fused', 'tfjs-cpu', 'tfjs-wasm']) {
    const a = steps[`${e}/TransE`]?.msPerStep;
    const b = steps[`${e}/DistMult`]?.msPerStep;
    if (a === undefined && b === undefined) continue;
    stepRows.push([`kge ${e}${e === 'fused' ? ', 1 thread' : ''}`, f1(a), f1(b), ratio(torchStepTransE, a), ratio(torchStepDistMult, b)]);
  }
  for (const [t, r] of torchRuns) {
    stepRows.push([`PyTorch ${r.torch}, ${t} thr, dense Adam`, f1(r.msPerStep['TransE/dense']), f1(r.msPerStep['DistMult/dense']), '', '']);
    stepRows.push([`PyTorch ${r.torch}, ${t} thr, SparseAdam`, f1(r.msPerStep['TransE/sparse']), f1(r.msPerStep['DistMult/sparse']), '', '']);
  }
  table(`Training step, median ms (${n} x 128, batch 1024 + 1024 negatives, margin ranking, Adam; speed-up vs best PyTorch dense Adam)`, ['engine', 'TransE-L1', 'DistMult', 'vs torch TransE', 'vs torch DistMult'], stepRows);

  const trainRows: string[][] = [];
  const torchTrain = bestTorch((r) => r.train?.triplesPerSecond, false);
  for (const [e, r] of Object.entries(te)) {
    if (!r) continue;
    const tps = r.train.triplesPerSecond as number;
    const threads = r.train.workers > 1 ? `${r.train.workers} workers (Hogwild; start-up ${f1(r.train.wallSeconds - r.train.seconds)} s not counted)` : '1 thread';
    trainRows.push([`kge ${e.split(' ')[0]}, ${threads}`, String(r.train.triples), f1(r.train.seconds), fk(tps), torchTrain ? `${(tps / torchTrain).toFixed(2)}x` : '-', f1(r.trainPeakRssMiB)]);
  }
  for (const [t, r] of torchRuns) trainRows.push([`PyTorch, ${t} thr, dense Adam`, String(r.train.steps * 1024), f1(r.train.seconds), fk(r.train.triplesPerSecond), '', f1(r.trainPeakRssMiB)]);
  table('Training throughput, TransE-L1 (trainer loop: shuffle, sample, step)', ['engine', 'triples', 'seconds', 'triples/s', 'vs torch', 'peak RSS MiB'], trainRows);
  console.log('  reference: PyKEEN 1.10.1 on this kind of machine, 50k triples/s (issue 6); target >= 150k triples/s with all cores and >= 2x PyTorch dense Adam.');

  const evalRows: string[][] = [];
  const fullQueries = 2 * 20438;
  const addEval = (label: string, r: Result | null, model: string) => {
    if (!r) return;
    for (const ev of r.evals) {
      const torchQps = bestTorch((t) => t.eval?.[model]?.queriesPerSecond, false);
      evalRows.push([`kge ${label}, ${ev.workers} thr`, model, String(ev.queries), f1(ev.seconds), fk(ev.queriesPerSecond), f1(fullQueries / ev.queriesPerSecond), torchQps ? `${(ev.queriesPerSecond / torchQps).toFixed(2)}x` : '-']);
    }
  };
  addEval('fused', te.fused, 'TransE');
  addEval('fused', evalDistMult, 'DistMult');
  addEval('tfjs-cpu', te['tfjs-cpu'] ?? null, 'TransE');
  addEval('tfjs-wasm', te['tfjs-wasm'] ?? null, 'TransE');
  for (const [t, r] of torchRuns) {
    for (const model of ['TransE', 'DistMult']) {
      const ev = r.eval[model];
      evalRows.push([`PyTorch, ${t} thr`, model, String(ev.queries), f1(ev.seconds), fk(ev.queriesPerSecond), f1(fullQueries / ev.queriesPerSecond), '']);
    }
  }
  table('Filtered evaluation, both sides, batch 256 (full test split = 40,876 queries; "full s" extrapolates)', ['engine', 'model', 'queries', 'seconds', 'queries/s', 'full s', 'vs torch'], evalRows);
  console.log(`  filter index build: kge ${f1(te.fused?.filterIndexSeconds)} s, PyTorch dict ${f1(torchRuns[0]?.[1].filterIndexSeconds)} s (not in the times above)`);
  console.log('  reference: PyKEEN 1.10.1 took 221 s for the full split (issue 6); target TransE <= 44 s, DistMult no slower than PyTorch.');

  const rankRows: string[][] = [];
  for (const model of ['TransE', 'DistMult']) {
    const torchMs = bestTorch((r) => r.rankMs?.[model], true);
    for (const e of ['fused', 'tfjs-cpu', 'tfjs-wasm']) {
      const r = rank[`${e}/${model}`];
      if (!r) continue;
      const scale = 256 / r.queries;
      const note = r.queries === 256 ? '' : ` (${r.queries} queries x ${scale})`;
      for (const v of r.results) rankRows.push([`kge ${e === 'fused' ? v.variant : e}${note}`, model, f1(v.ms * scale), torchMs ? `${(torchMs / (v.ms * scale)).toFixed(2)}x` : '-']);
    }
    for (const [t, r] of torchRuns) rankRows.push([`PyTorch, ${t} thr (${model === 'TransE' ? 'cdist p=1' : 'matmul'})`, model, f1(r.rankMs[model]), '']);
  }
  table('Scoring 256 tail queries against all entities, median ms', ['engine', 'model', 'ms', 'vs torch'], rankRows);

  const rss: string[][] = [];
  for (const [k, r] of [...Object.entries(steps).map(([k2, v]) => [`steps ${k2}`, v] as const), ...Object.entries(te).map(([k2, v]) => [`train+eval ${k2}`, v] as const)]) {
    if (r) rss.push([k, f1(r.baseRssMiB), f1(r.trainPeakRssMiB ?? r.peakRssMiB), f1(r.peakRssMiB)]);
  }
  for (const [t, r] of torchRuns) rss.push([`PyTorch ${t} thr`, '-', f1(r.trainPeakRssMiB), f1(r.peakRssMiB)]);
  table('Peak RSS per process, MiB (base = after loading data and building the model; Hogwild workers share the process)', ['process', 'base', 'peak in training', 'peak overall'], rss);
  const nTrain = te.fused?.numTrain ?? 272115;
  const params = ((n ?? 14505) * 128 + 237 * 128) * 4;
  console.log(`  parameters ${(params / 2 ** 20).toFixed(1)} MiB, Adam state ${((2 * params) / 2 ** 20).toFixed(1)} MiB, training triples ${((nTrain * 12) / 2 ** 20).toFixed(1)} MiB`);
}

await main();
