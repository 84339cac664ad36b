/**
 * Entry of a worker child process (`kge sweep --workers N` forks N of these). It receives the
 * prepared study over IPC, opens its own storage connection and claims trials like any worker.
 */
import { importPlugins } from '../util/plugins.js';
import { loadRunnerModule, pipelineRunner } from './runner.js';
import { openStorage } from './storage/index.js';
import type { PreparedSweep } from './study.js';
import { runWorker, type WorkerEvent } from './worker.js';

export interface WorkerStartMessage {
  type: 'run';
  prepared: PreparedSweep;
  studyId: number;
  storage: string;
  runnerModule?: string;
  /** Plugin modules (absolute paths or package names) to import before any trial. */
  imports?: string[];
  deadline?: number;
  label: string;
}

export type WorkerMessage = WorkerEvent | { type: 'done'; ran: number } | { type: 'error'; message: string };

const send = (m: WorkerMessage) => process.send?.(m);

// The parent died (killed, crashed): stop at once. The trial in progress stays "running" with
// this dead pid, so the next claim on this host re-queues it.
const onDisconnect = () => process.exit(1);
process.on('disconnect', onDisconnect);

/** Sends the last message and exits once it is on its way. */
function finish(m: WorkerMessage, code: number): void {
  process.off('disconnect', onDisconnect);
  if (process.send && process.connected) process.send(m, () => process.exit(code));
  else process.exit(code);
}

process.once('message', (msg: WorkerStartMessage) => {
  void (async () => {
    try {
      await importPlugins(msg.imports ?? []);
      const storage = await openStorage(msg.storage);
      try {
        const runner = msg.runnerModule ? await loadRunnerModule(msg.runnerModule) : pipelineRunner;
        const ran = await runWorker({
          prepared: msg.prepared,
          studyId: msg.studyId,
          storage,
          runner,
          deadline: msg.deadline,
          label: msg.label,
          onEvent: send,
        });
        await storage.close().catch(() => undefined);
        finish({ type: 'done', ran }, 0);
      } catch (err) {
        await storage.close().catch(() => undefined);
        throw err;
      }
    } catch (err) {
      finish({ type: 'error', message: err instanceof Error ? err.message : String(err) }, 1);
    }
  })();
});
