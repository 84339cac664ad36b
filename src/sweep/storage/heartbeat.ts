/**
 * Heartbeats from a worker thread with its own database connection. Training is CPU-bound and
 * may hold the main thread's event loop for minutes; a timer there would fall silent and the
 * trial would look orphaned. The thread keeps beating as long as the process lives, and stops
 * when it dies, which is exactly what the stale-heartbeat rule needs.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { HeartbeatTarget } from './storage.js';

export interface Heartbeat {
  /** The trial to beat for (null: idle). Beats once at once. */
  set(trialId: number | null): void;
  close(): Promise<void>;
}

// Plain CommonJS so it runs from source (tsx, vitest) and from dist alike.
const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { kind, connection, sql, modulePath, workerId, intervalMs } = workerData;
let trialId = null;
let beat;
let warned = false;
const ready = (async () => {
  if (kind === 'sqlite') {
    const Database = require(modulePath);
    const db = new Database(connection);
    db.pragma('busy_timeout = 10000');
    const stmt = db.prepare(sql);
    beat = async (id) => stmt.run(id, workerId);
  } else {
    const { Client } = require(modulePath);
    const client = new Client({ connectionString: connection });
    client.on('error', () => {});
    await client.connect();
    beat = (id) => client.query(sql, [id, workerId]);
  }
})();
let busy = false;
async function tick() {
  // One beat at a time: a pg client must not run two queries at once.
  if (trialId === null || busy) return;
  busy = true;
  try {
    await ready;
    await beat(trialId);
  } catch (err) {
    if (!warned) process.stderr.write('warning: heartbeat failed: ' + err.message + '\\n');
    warned = true;
  } finally {
    busy = false;
  }
}
setInterval(tick, intervalMs);
parentPort.on('message', (m) => { trialId = m.trialId; tick(); });
`;

export function startHeartbeat(target: HeartbeatTarget, workerId: string, intervalMs: number): Heartbeat {
  const require = createRequire(import.meta.url);
  const modulePath = require.resolve(target.kind === 'sqlite' ? 'better-sqlite3' : 'pg');
  const worker = new Worker(THREAD_CODE, {
    eval: true,
    workerData: { kind: target.kind, connection: target.connection, sql: target.sql, modulePath, workerId, intervalMs },
  });
  // Never keep a finished process alive just for heartbeats.
  worker.unref();
  worker.on('error', (err) => process.stderr.write(`warning: heartbeat thread: ${err.message}\n`));
  return {
    set(trialId) {
      worker.postMessage({ trialId });
    },
    async close() {
      await worker.terminate();
    },
  };
}
