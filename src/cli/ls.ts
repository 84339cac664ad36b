import type { Command } from 'commander';
import type { RegistryEntry } from '../registry.js';
import { COMPONENT_REGISTRIES } from './registries.js';
import { importPlugins } from '../util/plugins.js';
import { ConfigError } from '../errors.js';

function describe(entry: RegistryEntry<unknown, unknown>): string {
  const head = `${entry.name}${entry.family ? ` [${entry.family}]` : ''}${entry.description ? ` - ${entry.description}` : ''}`;
  const params = (entry.params ?? []).map((p) => {
    const range = p.values ? ` in {${p.values.join(', ')}}` : p.low !== undefined ? ` range [${p.low}, ${p.high}]${p.log ? ' log' : ''}${p.step ? ` step ${p.step}` : ''}` : '';
    return `    ${p.name}: ${p.type} = ${JSON.stringify(p.default ?? null)}${range}${p.description ? ` - ${p.description}` : ''}`;
  });
  return [head, ...params].join('\n');
}

export function registerLsCommand(program: Command): void {
  program
    .command('ls [kind]')
    .description(`list registered components and their arguments: ${Object.keys(COMPONENT_REGISTRIES).join(', ')}`)
    .option('--import <module...>', 'JS modules to load first (to list the components they register)')
    .action(async (kind: string | undefined, opts: { import?: string[] }) => {
      await importPlugins(opts.import ?? []);
      const all = COMPONENT_REGISTRIES;
      const kinds = kind ? [kind] : Object.keys(all);
      for (const k of kinds) {
        const reg = (all[k] ?? all[`${k}s`])?.registry;
        if (!reg) throw new ConfigError(`unknown kind '${k}'; choose one of: ${Object.keys(all).join(', ')}`, 'kge ls');
        process.stdout.write(`${k}:\n` + reg.list().map((e) => '  ' + describe(e).replace(/\n/g, '\n  ')).join('\n') + '\n\n');
      }
    });
}
