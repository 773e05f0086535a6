import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';

/**
 * Runs named jobs, at most one run of each at a time in this process, with a child
 * logger per run. Other instances may run the same job at once: jobs claim their
 * rows with FOR UPDATE SKIP LOCKED, so they split the work instead of repeating it.
 */
export class JobRunner {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Starts a run of `name` unless one is already running or the runner is stopped; returns when it ends. */
  run(name: string, job: (logger: Logger) => Promise<void>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(name);
    if (current) return current;
    const logger = this.logger.child({ job: name, runId: randomUUID() });
    const started = Date.now();
    const promise = job(logger)
      .then(() => logger.debug({ durationMs: Date.now() - started }, 'job run finished'))
      .catch((error: unknown) => logger.error({ err: error, durationMs: Date.now() - started }, 'job run failed'))
      .finally(() => this.running.delete(name));
    this.running.set(name, promise);
    return promise;
  }

  /** Refuses new runs and waits up to `timeoutMs` for running ones to finish. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const all = Promise.all(this.running.values());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([all.then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.logger.warn({ jobs: [...this.running.keys()], timeoutMs }, 'jobs still running at shutdown; stopping without them');
    }
  }
}
