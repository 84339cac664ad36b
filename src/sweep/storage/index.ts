import { join } from 'node:path';
import { PostgresStorage } from './postgres.js';
import { SqliteStorage } from './sqlite.js';
import type { StudyStorage } from './storage.js';

export type * from './storage.js';
export { SqliteStorage } from './sqlite.js';
export { PostgresStorage, maskUrl } from './postgres.js';
export { processAlive } from './sql.js';
export { startHeartbeat, type Heartbeat } from './heartbeat.js';

/** Default SQLite file inside a sweep's output folder. */
export function defaultStoragePath(outputDir: string): string {
  return join(outputDir, 'study.db');
}

/**
 * Opens a study database: `postgresql://...` / `postgres://...` is a PostgreSQL server,
 * `sqlite:PATH` or a plain path is an SQLite file.
 */
export async function openStorage(spec: string): Promise<StudyStorage> {
  if (/^postgres(ql)?:\/\//i.test(spec)) return PostgresStorage.open(spec);
  const file = spec.replace(/^sqlite:(\/\/)?/i, '');
  return SqliteStorage.open(file);
}
