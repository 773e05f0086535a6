/**
 * The local MiMo sandbox: an HTTP server that implements MiMo's OAuth consent flow and
 * partner API against an in-memory ledger, plus test controls under /sandbox/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Logger } from '../logger.js';
import { createApp } from './app.js';
import type { SandboxControls } from './control-routes.js';
import { DEFAULT_CLIENT, type SandboxClient } from './customers.js';
import { FaultRegistry, type FaultSpec } from './faults.js';
import { SandboxState, type SandboxEvent } from './state.js';

export { TEST_CUSTOMERS, DEFAULT_CLIENT, type SandboxClient, type TestCustomer } from './customers.js';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './faults.js';
export { FIRST_TRANSACTION_ID, TOKEN_LIFETIME_MS, type SandboxEvent } from './state.js';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

export interface SandboxOptions {
  /** TCP port; 0 picks a free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. The test controls need no credentials, so keep it on loopback. */
  host?: string;
  /** Registered client applications. Default: one client, DEFAULT_CLIENT. */
  clients?: SandboxClient[];
  /**
   * Time in ms on the sandbox clock after which a pending transfer becomes `completed`.
   * Null (the default) settles only through settle() or the settle control.
   */
  settleAfterMs?: number | null;
  /** Receives one line per request. Silent when absent. */
  logger?: Logger;
}

export interface Sandbox {
  /** Base URL without a trailing slash, for example http://127.0.0.1:41234. */
  url: string;
  /** Stops the server and closes every connection, including keep-alive and delayed ones. */
  close(): Promise<void>;
  /** Marks a pending transfer `completed`. Throws for an unknown id or another status. */
  settle(transactionId: string | number): void;
  /** Sets any status string, without moving money. */
  setStatus(transactionId: string | number, status: string): void;
  /** Moves the sandbox clock forward; token expiry and automatic settlement follow it. */
  advanceClock(ms: number): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Events, oldest first. */
  events(): SandboxEvent[];
  /** Restores balances, removes codes, tokens, transactions, events and faults, and resets the clock. */
  reset(): void;
}

function toTransactionId(value: string | number): number {
  const id = typeof value === 'number' ? value : /^[1-9]\d{0,14}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new RangeError(`"${value}" is not a transaction id (a positive integer).`);
  }
  return id;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settleAfterMs = options.settleAfterMs ?? null;
  if (settleAfterMs !== null && (!Number.isFinite(settleAfterMs) || settleAfterMs < 0)) {
    throw new RangeError(`settleAfterMs ${settleAfterMs} must be null or a finite number of milliseconds >= 0.`);
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const state = new SandboxState(options.clients ?? [DEFAULT_CLIENT], settleAfterMs);
  const faults = new FaultRegistry();
  const controls: SandboxControls = {
    state,
    faults,
    reset: () => {
      state.reset();
      faults.clear();
    },
  };

  const server = createServer(createApp(controls, logger));
  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        faults.cancelTimers();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    settle(transactionId) {
      state.settle(toTransactionId(transactionId));
    },
    setStatus(transactionId, status) {
      state.setStatus(toTransactionId(transactionId), status);
    },
    advanceClock(ms) {
      state.advanceClock(ms);
    },
    injectFault(fault) {
      faults.add(fault);
    },
    clearFaults() {
      faults.clear();
    },
    events() {
      return state.events();
    },
    reset() {
      controls.reset();
    },
  };
}
