import type { Command } from 'commander';
import type { Registry, RegistryEntry } from '../registry.js';
import { modelRegistry } from '../models/model.js';
import { initializerRegistry } from '../models/initializers.js';
import { constraintRegistry } from '../models/constraints.js';
import { lossRegistry } from '../losses/index.js';
import { optimizerRegistry } from '../training/optimizers/index.js';
import { regularizerRegistry } from '../training/regularizers.js';
import { lrSchedulerRegistry } from '../training/lr-schedulers.js';
import { samplerRegistry } from '../sampling/index.js';
import { ConfigError } from '../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const registries: Record<string, Registry<any, any>> = {
  models: modelRegistry,
  losses: lossRegistry,
  optimizers: optimizerRegistry,
  samplers: samplerRegistry,
  regularizers: regularizerRegistry,
  lr_schedulers: lrSchedulerRegistry,
  initializers: initializerRegistry,
  constraints: constraintRegistry,
};

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
    .description(`list registered components: ${Object.keys(registries).join(', ')}`)
    .action((kind?: string) => {
      const kinds = kind ? [kind] : Object.keys(registries);
      for (const k of kinds) {
        const reg = registries[k] ?? registries[`${k}s`];
        if (!reg) throw new ConfigError(`unknown kind '${k}'; choose one of: ${Object.keys(registries).join(', ')}`, 'kge ls');
        process.stdout.write(`${k}:\n` + reg.list().map((e) => '  ' + describe(e).replace(/\n/g, '\n  ')).join('\n') + '\n\n');
      }
    });
}
