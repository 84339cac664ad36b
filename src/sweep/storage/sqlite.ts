/** Study storage in one SQLite file (the default; one machine, any number of worker processes). */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqlStorage, type Dialect, type Row } from './sql.js';
import type { HeartbeatTarget } from './storage.js';

const NOW_MS = `CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;

export class SqliteStorage extends SqlStorage {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  protected readonly dialect: Dialect = {
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    bigint: 'INTEGER',
    real: 'REAL',
    now: NOW_MS,
    // BEGIN IMMEDIATE already holds the file's write lock for the whole claim.
    lockQueued: '',
  };
  private readonly db: Database.Database;

  private constructor(file: string) {
    super();
    this.location = resolve(file);
    mkdirSync(dirname(this.location), { recursive: true });
    this.db = new Database(this.location);
    // Several processes share the file: WAL lets readers run beside the writer, and a writer
    // waits for the lock instead of failing at once.
    this.db.pragma('busy_timeout = 60000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
  }

  static async open(file: string): Promise<SqliteStorage> {
    const s = new SqliteStorage(file);
    await s.createSchema();
    return s;
  }

  protected async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    const stmt = this.db.prepare(sql);
    if (stmt.reader) return stmt.all(...params) as Row[];
    stmt.run(...params);
    return [];
  }

  protected async inTransaction<T>(_studyId: number | null, fn: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  heartbeatTarget(): HeartbeatTarget {
    return {
      kind: 'sqlite',
      connection: this.location,
      sql: `UPDATE kge_trials SET heartbeat = ${NOW_MS} WHERE id = ? AND worker_id = ? AND status = 'running'`,
    };
  }

  protected async closeConnection(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
