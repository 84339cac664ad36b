import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolveConfig, setByPath } from '../../src/pipeline/config.js';
import { CONFIG_SCHEMA } from '../../src/pipeline/config-schema.js';
import { renderConfigDocs } from '../../src/pipeline/config-docs.js';
import { COMPONENT_REGISTRIES } from '../../src/cli/registries.js';

describe('config', () => {
  it('fills defaults', () => {
    const c = resolveConfig({});
    expect(c.model).toBe('TransE');
    expect(c.loss).toBe('marginranking');
    expect(c.training.num_epochs).toBe(100);
    expect(c.evaluation.ks).toEqual([1, 3, 5, 10]);
  });
  it('names unknown keys, nested ones too', () => {
    expect(() => resolveConfig({ modle: 'TransE' })).toThrow(/modle: unknown key 'modle'/);
    expect(() => resolveConfig({ training: { num_epoch: 5 } })).toThrow(/training\.num_epoch: unknown key/);
  });
  it('names out-of-range values', () => {
    expect(() => resolveConfig({ training: { batch_size: 0 } })).toThrow(/training\.batch_size: must be a positive integer, got 0/);
    expect(() => resolveConfig({ device: 'tpu' })).toThrow(/device: must be one of auto, gpu, cpu, wasm, got "tpu"/);
  });
  it('--set paths replace scalars with mappings', () => {
    const raw: Record<string, unknown> = { dataset: 'nations' };
    setByPath(raw, 'dataset.train', 'a.tsv');
    setByPath(raw, 'training.num_epochs', 5);
    expect(raw).toEqual({ dataset: { train: 'a.tsv' }, training: { num_epochs: 5 } });
  });
  it('docs/config.md is the generated reference and documents every key (npm run docs:config)', () => {
    const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderConfigDocs(COMPONENT_REGISTRIES));
    for (const [key, spec] of Object.entries(CONFIG_SCHEMA)) {
      expect(doc, key).toContain(`\`${key}\``);
      for (const sub of Object.keys(spec.keys ?? {})) expect(doc, `${key}.${sub}`).toContain(`\`${key}.${sub}\``);
    }
  });
});
