/** Study storage in PostgreSQL, so workers on several machines can share one study. */
import pg from 'pg';
import { KgeError } from '../../errors.js';
import { SqlStorage, type Dialect, type Row } from './sql.js';
import type { HeartbeatTarget } from './storage.js';

const NOW_MS = `(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT`;
/** Advisory lock key guarding schema creation (two workers starting at once). */
const SCHEMA_LOCK = 7_105_331;

/** `?` placeholders -> `$1, $2, ...` (our SQL has no `?` inside string literals). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/** The URL with its password masked, for messages. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

export class PostgresStorage extends SqlStorage {
  readonly kind = 'postgresql' as const;
  readonly location: string;
  protected readonly dialect: Dialect = {
    serial: 'BIGSERIAL PRIMARY KEY',
    bigint: 'BIGINT',
    real: 'DOUBLE PRECISION',
    now: NOW_MS,
    lockQueued: ' FOR UPDATE SKIP LOCKED',
  };

  private constructor(private readonly url: string, private readonly client: pg.Client) {
    super();
    this.location = maskUrl(url);
  }

  static async open(url: string): Promise<PostgresStorage> {
    const client = new pg.Client({ connectionString: url });
    // A dropped connection would otherwise crash the process with an unhandled 'error' event.
    client.on('error', (err) => process.stderr.write(`warning: study storage connection: ${err.message}\n`));
    try {
      await client.connect();
    } catch (err) {
      throw new KgeError(`cannot connect to PostgreSQL: ${(err as Error).message}`, maskUrl(url));
    }
    const s = new PostgresStorage(url, client);
    await s.createSchema();
    return s;
  }

  protected async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    const res = await this.client.query(numbered(sql), params);
    return res.rows as Row[];
  }

  protected async inTransaction<T>(studyId: number | null, fn: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      if (studyId === null) await this.client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      // Claims of one study queue up here, so numbering and strategy proposals see every trial.
      else await this.client.query('SELECT id FROM kge_studies WHERE id = $1 FOR UPDATE', [studyId]);
      const out = await fn();
      await this.client.query('COMMIT');
      return out;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  heartbeatTarget(): HeartbeatTarget {
    return {
      kind: 'postgresql',
      connection: this.url,
      sql: `UPDATE kge_trials SET heartbeat = ${NOW_MS} WHERE id = $1 AND worker_id = $2 AND status = 'running'`,
    };
  }

  protected async closeConnection(): Promise<void> {
    await this.client.end();
  }
}
