import type { Command } from 'commander';
import { datasetEntries, getDatasetEntry, type DatasetEntry } from '../data/datasets.js';
import { downloadDataset, manualInstructions, resolveSourceUrl, verifyDataset } from '../data/download.js';
import { DATASET_SPLITS, dataHome, datasetDir, findSplitFile } from '../data/paths.js';

/** Where command output goes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

interface HomeOption {
  dataHome?: string;
}

/** Adds `kge datasets ls|info|download|path|verify`. */
export function registerDatasetsCommand(program: Command, io: CliIo = stdio): void {
  const cmd = program
    .command('datasets')
    .description('list, download and check benchmark datasets (cache: $KGE_DATA_HOME or ~/.kge/datasets)');
  const homeOpt = (c: Command) => c.option('--data-home <dir>', 'cache root (default $KGE_DATA_HOME or ~/.kge/datasets)');

  homeOpt(cmd.command('ls').description('list datasets with their size and cache status'))
    .option('--json', 'print JSON')
    .action((opts: HomeOption & { json?: boolean }) => {
      const rows = datasetEntries.map((e) => ({ name: e.name, kind: e.kind, ...e.counts, status: cacheStatus(e, opts.dataHome) }));
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const header = ['name', 'entities', 'relations', 'train', 'valid', 'test', 'status'];
      const body = datasetEntries.map((e) => {
        const c = e.counts;
        const n = (v: number | undefined) => (v === undefined ? '-' : v.toLocaleString('en-US'));
        return [e.name, n(c?.entities), n(c?.relations), n(c?.train), n(c?.valid), n(c?.test), cacheStatus(e, opts.dataHome)];
      });
      io.out(table(header, body) + `\ncache: ${dataHome(opts.dataHome)}\n`);
    });

  homeOpt(cmd.command('info <name>').description('show a dataset\'s source, citation, counts, checksums and cache files')).action(
    (name: string, opts: HomeOption) => {
      io.out(describeEntry(getDatasetEntry(name), opts.dataHome) + '\n');
    },
  );

  homeOpt(cmd.command('download <names...>').description('download datasets into the cache and check their SHA-256'))
    .option('--force', 'download again even when the files are present')
    .option('--mirror <url>', 'mirror URL or local folder serving the source paths (default $KGE_DATASET_MIRROR)')
    .option('--quiet', 'no progress bar')
    .action(async (names: string[], opts: HomeOption & { force?: boolean; mirror?: string; quiet?: boolean }) => {
      for (const name of names) {
        const entry = getDatasetEntry(name);
        if (entry.kind === 'offline') {
          io.out(`${entry.name}: built offline from installed packages when loaded; nothing to download\n`);
          continue;
        }
        const result = await downloadDataset(entry, opts);
        io.out(`${entry.name}: ${result.downloaded ? 'downloaded and verified' : 'already present (use --force to download again)'} in ${result.dir}\n`);
      }
    });

  homeOpt(cmd.command('path <name>').description('print the cache folder of a dataset')).action((name: string, opts: HomeOption) => {
    const entry = getDatasetEntry(name);
    if (entry.kind === 'offline') {
      io.err(`${entry.name} is built offline and has no cache folder\n`);
      process.exitCode = 1;
      return;
    }
    const dir = datasetDir(entry.name, opts.dataHome);
    io.out(dir + '\n');
    if (cacheStatus(entry, opts.dataHome) !== 'cached') io.err(`note: ${entry.name} is not (fully) downloaded yet; run \`kge datasets download ${entry.name}\`\n`);
  });

  homeOpt(cmd.command('verify <names...>').description('re-check the SHA-256 of cached dataset files')).action(
    async (names: string[], opts: HomeOption) => {
      for (const name of names) {
        const result = await verifyDataset(name, opts);
        for (const f of result.files) {
          const state = f.path === null ? 'MISSING' : f.ok ? 'ok' : 'MISMATCH';
          io.out(`${result.name}/${f.split}: ${state}${f.path ? ` ${f.path}` : ''}${f.ok ? '' : `\n  expected ${f.expected}\n  actual   ${f.actual ?? '(no file)'}`}\n`);
        }
        if (!result.ok) process.exitCode = 1;
      }
    },
  );
}

/** `cached` (all splits present), `partial`, `missing`, or `built offline`. */
export function cacheStatus(entry: DatasetEntry, home?: string): string {
  if (entry.kind === 'offline') return 'built offline';
  const dir = datasetDir(entry.name, home);
  const present = DATASET_SPLITS.filter((s) => findSplitFile(dir, s) !== undefined).length;
  return present === DATASET_SPLITS.length ? 'cached' : present === 0 ? 'missing' : 'partial';
}

export function describeEntry(entry: DatasetEntry, home?: string): string {
  const lines = [`${entry.title} (${entry.name})`, `  ${entry.description}`];
  if (entry.aliases.length) lines.push(`  aliases: ${entry.aliases.join(', ')}`);
  if (entry.citation) lines.push(`  cite: ${entry.citation}`);
  const c = entry.counts;
  if (c) {
    lines.push(
      `  entities: ${c.entities} over all splits (${c.trainEntities} in train); relations: ${c.relations}`,
      `  triples: train ${c.train}, valid ${c.valid}, test ${c.test}`,
    );
    if (c.droppedValid || c.droppedTest) {
      lines.push(`  dropped at load (entity unseen in train): valid ${c.droppedValid}, test ${c.droppedTest}`);
    }
  }
  const s = entry.source;
  if (s?.kind === 'files') {
    lines.push('  source files:');
    for (const split of DATASET_SPLITS) lines.push(`    ${split}: ${s.urls[split]}`);
  } else if (s?.kind === 'tar.gz') {
    lines.push(`  source archive: ${s.url}`, `    members: ${DATASET_SPLITS.map((x) => s.members[x]).join(', ')}`);
  }
  const mirror = process.env.KGE_DATASET_MIRROR;
  if (s && mirror) lines.push(`  mirror (KGE_DATASET_MIRROR): ${resolveSourceUrl(s.kind === 'files' ? s.urls.train : s.url, mirror)} ...`);
  if (entry.stripCarriageReturns) lines.push('  CRLF line endings in the source are converted to LF');
  if (entry.kind === 'offline') {
    lines.push('  built from installed npm packages when loaded (no download); counts depend on the seed and package version');
    return lines.join('\n');
  }
  const dir = datasetDir(entry.name, home);
  lines.push(`  cache: ${dir} (${cacheStatus(entry, home)})`);
  for (const split of DATASET_SPLITS) {
    lines.push(`    ${split}: ${findSplitFile(dir, split) ?? '(missing)'}  sha256 ${entry.sha256?.[split] ?? '-'}`);
  }
  if (cacheStatus(entry, home) !== 'cached') lines.push(`  to get it: kge datasets download ${entry.name}`, `  ${manualInstructions(entry, dir)}`);
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
