/**
 * Throughput and memory of MimoClient.transferDetails against the local sandbox,
 * compared with a bare fetch loop that sends the same request and parses the JSON.
 * The sandbox runs in a child process, so the client side has its own event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MimoClient } from '../src/mimo/client.js';
import { submitConsent } from '../src/sandbox/consent-client.js';
import { DEFAULT_CLIENT, TEST_CUSTOMERS } from '../src/sandbox/index.js';
import type { BenchResult } from './report.js';

export interface MimoDetailsBenchOptions {
  /** Requests per measured run. */
  requests?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Measured runs of each variant, alternating bare fetch and client. The median is reported. */
  rounds?: number;
  /** Requests per variant before measuring, to warm up connections and the JIT. */
  warmupRequests?: number;
  /** A run that takes longer than this many ms is stopped and the benchmark fails. */
  maxRunMs?: number;
}

interface RunFigures {
  elapsedMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface SandboxProcess {
  url: string;
  stop(): Promise<void>;
}

const gc = (globalThis as { gc?: () => void }).gc;

export async function benchMimoDetails(options: MimoDetailsBenchOptions = {}): Promise<BenchResult> {
  const requests = options.requests ?? 2_000;
  const concurrency = options.concurrency ?? 16;
  const rounds = options.rounds ?? 5;
  const warmupRequests = options.warmupRequests ?? 200;
  const maxRunMs = options.maxRunMs ?? 60_000;

  const sandbox = await startSandboxProcess();
  try {
    const client = new MimoClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
    const payment = await approveAndCreateTransfer(client);

    const detailsUrl = new URL('/partner/transfers/details', sandbox.url);
    detailsUrl.searchParams.set('access_token', payment.accessToken);
    detailsUrl.searchParams.set('transaction_id', payment.transactionId);
    const bareFetch = async () => {
      const response = await fetch(detailsUrl, { method: 'POST' });
      if (response.status !== 200) {
        throw new Error(`The details request failed with HTTP ${response.status}.`);
      }
      await response.json();
    };
    const viaClient = async () => {
      await client.transferDetails(payment.accessToken, payment.transactionId);
    };

    await runConcurrently(bareFetch, warmupRequests, concurrency, maxRunMs);
    await runConcurrently(viaClient, warmupRequests, concurrency, maxRunMs);

    const bareRuns: RunFigures[] = [];
    const clientRuns: RunFigures[] = [];
    for (let round = 0; round < rounds; round += 1) {
      bareRuns.push(await runConcurrently(bareFetch, requests, concurrency, maxRunMs));
      clientRuns.push(await runConcurrently(viaClient, requests, concurrency, maxRunMs));
    }

    // A separate client-only run for memory, so that the bare loop's garbage is not counted.
    gc?.();
    const before = process.memoryUsage();
    await runConcurrently(viaClient, requests, concurrency, maxRunMs);
    const afterRun = process.memoryUsage();
    gc?.();
    const afterGc = process.memoryUsage();

    const bare = medianRun(bareRuns);
    const viaClientFigures = medianRun(clientRuns);
    const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const signedMegabytes = (bytes: number) => `${bytes >= 0 ? '+' : ''}${megabytes(bytes)}`;

    return {
      title: 'MiMo transferDetails: client vs bare fetch (loopback sandbox)',
      setup: [
        `${requests} requests per run, concurrency ${concurrency}, median of ${rounds} runs per variant, ${warmupRequests} warm-up requests`,
        `sandbox in a child process; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
        gc ? 'memory measured after global.gc()' : 'global.gc is not exposed (run with --expose-gc), so heap figures include garbage',
      ],
      columns: ['variant', 'req/s', 'p50 ms', 'p99 ms', 'run ms'],
      rows: [
        ['bare fetch + JSON.parse', ...formatRun(bare)],
        ['MimoClient.transferDetails', ...formatRun(viaClientFigures)],
      ],
      summary: [
        ['client / bare throughput', `${(viaClientFigures.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}`],
        ['heap used before client run', megabytes(before.heapUsed)],
        ['heap used right after run', megabytes(afterRun.heapUsed)],
        ['heap retained after run', signedMegabytes(afterGc.heapUsed - before.heapUsed)],
        ['RSS change over run', signedMegabytes(afterGc.rss - before.rss)],
      ],
    };
  } finally {
    await sandbox.stop();
  }
}

/**
 * Approves a ₦2,500.00 payment on the sandbox's consent page as the first test customer,
 * exchanges the code and creates the transfer whose details the benchmark reads.
 */
async function approveAndCreateTransfer(client: MimoClient): Promise<{ accessToken: string; transactionId: string }> {
  const customer = TEST_CUSTOMERS[0]!;
  // The sandbox redirects to this URL with the code; the benchmark reads the redirect and never opens it.
  const callbackUrl = 'http://127.0.0.1:9/mimo/callback';
  const consentUrl = client.buildAuthenticateUrl({ callbackUrl, amountKobo: 250_000, notes: 'Benchmark' });
  const location = await submitConsent(consentUrl, { decision: 'approve', username: customer.username, pin: customer.pin });
  const code = new URL(location).searchParams.get('code');
  if (!code) {
    throw new Error('The sandbox redirected to the callback URL without a code.');
  }
  const { accessToken } = await client.exchangeCode(code);
  const { transactionId } = await client.createTransfer(accessToken);
  return { accessToken, transactionId };
}

/** Runs `task` `count` times with `concurrency` tasks in flight and returns throughput and latency. */
async function runConcurrently(
  task: () => Promise<void>,
  count: number,
  concurrency: number,
  maxRunMs: number,
): Promise<RunFigures> {
  const latencies: number[] = [];
  let started = 0;
  const startedAt = performance.now();
  const deadline = startedAt + maxRunMs;

  const worker = async () => {
    while (started < count) {
      if (performance.now() > deadline) {
        throw new Error(`The run did not finish ${count} requests within ${maxRunMs} ms.`);
      }
      started += 1;
      const requestStartedAt = performance.now();
      await task();
      latencies.push(performance.now() - requestStartedAt);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));

  const elapsedMs = performance.now() - startedAt;
  latencies.sort((a, b) => a - b);
  return {
    elapsedMs,
    requestsPerSecond: (count / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function medianRun(runs: RunFigures[]): RunFigures {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) {
    throw new Error('No measured runs.');
  }
  return median;
}

function formatRun(run: RunFigures): string[] {
  return [run.requestsPerSecond.toFixed(0), run.p50Ms.toFixed(2), run.p99Ms.toFixed(2), run.elapsedMs.toFixed(0)];
}

/** Starts the sandbox in a child process and waits for the URL it listens on. */
async function startSandboxProcess(): Promise<SandboxProcess> {
  const entry = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The sandbox process did not start within 20 s.')), 20_000);
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      const candidate = (message as { url?: unknown } | null)?.url;
      if (typeof candidate === 'string') {
        resolve(candidate);
      } else {
        reject(new Error('The sandbox process sent no URL.'));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The sandbox process exited with code ${code} before it started.`));
    });
  });

  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
