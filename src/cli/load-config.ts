import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseSetValue, setByPath } from '../pipeline/config.js';

/** Reads a YAML config, applies --set overrides, and makes dataset file paths absolute. */
export function loadConfigFile(path: string | undefined, sets: string[] = []): { raw: Record<string, unknown>; baseDir: string } {
  let raw: Record<string, unknown> = {};
  let baseDir = process.cwd();
  if (path) {
    if (!existsSync(path)) throw new ConfigError(`config file not found: ${resolve(path)}`, '--config');
    if (!statSync(path).isFile()) throw new ConfigError(`not a file: ${resolve(path)}`, '--config');
    baseDir = dirname(resolve(path));
    try {
      raw = (parse(readFileSync(path, 'utf8')) as Record<string, unknown>) ?? {};
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const pos = err.linePos?.[0];
        throw new ConfigError(`invalid YAML: ${err.message.split('\n')[0]!.replace(/:\s*$/, '')}`, pos ? `${path}:${pos.line}:${pos.col}` : path);
      }
      throw err;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('a config file must be a YAML mapping of keys', path);
  }
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ConfigError(`expected key.path=value, got '${s}'`, '--set');
    const key = s.slice(0, eq);
    let value = parseSetValue(s.slice(eq + 1), parse);
    // Paths typed on the command line are relative to where the user is, not to the config file.
    if (/^dataset\.(train|valid|test)$/.test(key) && typeof value === 'string') value = resolve(value);
    setByPath(raw, key, value);
  }
  return { raw, baseDir };
}
