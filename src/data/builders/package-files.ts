import { createRequire } from 'node:module';
import path from 'node:path';
import { DataError } from '../../errors.js';

const require = createRequire(import.meta.url);

/**
 * Absolute path of a file inside an installed npm package. Resolved through the package's
 * `package.json`, so it works whatever the package's `main`/`exports` say and wherever npm
 * placed it.
 */
export function packageFile(pkg: string, relative: string): string {
  let root: string;
  try {
    root = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch (err) {
    throw new DataError(
      `the npm package '${pkg}' is not installed (${(err as Error).message}); it ships the data of this offline dataset, run 'npm install'`,
      'offline dataset',
    );
  }
  return path.join(root, relative);
}
