import { spawnSync } from 'node:child_process';
import pg from 'pg';

import { tempDir as sharedTempDir } from '../helpers.js';

/** A temp folder removed after the test file (see test/helpers.ts). */
export function tempDir(prefix = 'kge-sweep-'): string {
  return sharedTempDir(prefix);
}

/**
 * KGE_TEST_PG_URL if a server answers there, else undefined (and a note why, for skip messages).
 * scripts/start-postgres.sh starts one and prints the URL.
 */
export async function reachablePostgres(): Promise<{ url?: string; why: string }> {
  const url = process.env.KGE_TEST_PG_URL;
  if (!url) return { why: 'KGE_TEST_PG_URL is not set (run: eval "$(scripts/start-postgres.sh)")' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url, why: '' };
  } catch (err) {
    return { why: `no PostgreSQL server at KGE_TEST_PG_URL: ${(err as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The id of a process that has already exited (for "dead worker" cases). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
