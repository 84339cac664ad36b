// Rewrites docs/config.md from the config schema and the registries: npm run docs:config
import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from '../src/pipeline/config-docs.js';
import { COMPONENT_REGISTRIES } from '../src/cli/registries.js';

writeFileSync(new URL('../docs/config.md', import.meta.url), renderConfigDocs(COMPONENT_REGISTRIES));
console.log('wrote docs/config.md');
