#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli and is compiled to dist/ by `npm ci` (prepare).
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
      console.error('kge: dist/ is missing. Run `npm ci` (or `npm run build`) in the kge folder first.');
    } else {
      console.error(err && err.stack ? err.stack : String(err));
    }
    process.exit(1);
  });
