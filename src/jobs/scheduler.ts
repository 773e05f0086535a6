import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../context.js';
import { JobRunner } from './job-runner.js';
import { pollTransfers } from './poll-transfers.js';
import { expireLinks } from './expire-links.js';
import { deliverOutbox } from './deliver-outbox.js';

/** Milliseconds between outbox sweeps; posts are also delivered right after each change (kick). */
export const OUTBOX_SWEEP_MS = 2_000;

export interface Scheduler {
  /** Delivers queued Slack posts now (coalesced with a run already in progress). */
  kickOutbox(): void;
  /** Runs every job once and waits for them; used by the demo and tests. */
  runAllOnce(): Promise<void>;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Starts the scheduled jobs: MiMo polling and link expiry on POLL_SCHEDULE, and the
 * Slack outbox every OUTBOX_SWEEP_MS. `getServices` is read at each run, because the
 * services and the scheduler refer to each other.
 */
export function startScheduler(getServices: () => Services, options: { enabled: boolean }): Scheduler {
  const services = () => getServices();
  const runner = new JobRunner(getServices().logger);
  let pendingKick = false;

  const runOutbox = (): Promise<void> =>
    runner.run('deliver-outbox', (logger) => deliverOutbox(services(), logger)).then(() => {
      if (pendingKick) {
        pendingKick = false;
        return runOutbox();
      }
      return undefined;
    });
  const runPolling = () =>
    Promise.all([
      runner.run('expire-links', (logger) => expireLinks(services(), logger)),
      runner.run('poll-transfers', (logger) => pollTransfers(services(), logger)),
    ]).then(() => undefined);

  const tasks: ScheduledTask[] = [];
  let sweep: NodeJS.Timeout | undefined;
  if (options.enabled) {
    tasks.push(cron.schedule(getServices().config.pollSchedule, () => void runPolling(), { noOverlap: true, name: 'poll' }));
    sweep = setInterval(() => void runOutbox(), OUTBOX_SWEEP_MS);
    sweep.unref();
  }

  return {
    kickOutbox() {
      if (runner.isRunning('deliver-outbox')) pendingKick = true;
      void runOutbox();
    },
    async runAllOnce() {
      await runPolling();
      await runOutbox();
    },
    async stop(timeoutMs) {
      for (const task of tasks) await task.stop();
      if (sweep) clearInterval(sweep);
      await runner.stop(timeoutMs);
    },
  };
}
