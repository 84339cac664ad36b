import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';

/**
 * Loads user modules before a config is resolved, so components they register (a custom loss,
 * model or sampler) can be named in YAML. Paths are relative to the working directory; bare
 * names are resolved as packages.
 */
export async function importPlugins(modules: string[]): Promise<void> {
  for (const m of modules) {
    const isPath = m.startsWith('.') || m.startsWith('/') || existsSync(m);
    if (isPath && !existsSync(resolve(m))) throw new ConfigError(`module not found: ${resolve(m)}`, '--import');
    await import(isPath ? pathToFileURL(resolve(m)).href : m);
  }
}
