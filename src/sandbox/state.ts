/**
 * The sandbox's in-memory ledger: customer balances, authentication codes, access
 * tokens, transactions, refunds and the event log. Every MiMo operation is a method
 * here, so the HTTP routes only parse parameters and format responses.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SandboxClock } from './clock.js';
import {
  TEST_CUSTOMERS,
  findTestCustomer,
  merchantAccountFor,
  type MerchantAccount,
  type SandboxClient,
  type TestCustomer,
} from './customers.js';
import { ApiError } from './errors.js';

export const TOKEN_LIFETIME_MS = 30 * 60 * 1000;
export const FIRST_TRANSACTION_ID = 11234;

export interface SandboxEvent {
  /** ISO 8601 time on the sandbox clock. */
  at: string;
  kind: string;
  path?: string;
  transactionId?: string;
  detail?: Record<string, unknown>;
}

export interface RegisteredClient extends SandboxClient {
  merchant: MerchantAccount;
}

/** A customer's approval of one payment on the consent page, found through its authentication code. */
export interface Grant {
  id: number;
  code: string;
  clientId: string;
  username: string;
  amountKobo: number;
  notes: string;
  destinationUsername: string | null;
  createdAtMs: number;
  /** The transfer created with this grant. A grant allows one transfer. */
  transactionId: number | null;
}

export interface AccessToken {
  value: string;
  grantId: number;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface Authorization {
  token: AccessToken;
  grant: Grant;
}

export type Destination = { kind: 'merchant'; clientId: string } | { kind: 'customer'; username: string };

export interface Transaction {
  id: number;
  type: 'transfer' | 'refund';
  grantId: number;
  clientId: string;
  payerUsername: string;
  destination: Destination;
  amountKobo: number;
  notes: string;
  /** `pending`, `completed`, `voided`, `refunded`, or any string set through setStatus. */
  status: string;
  createdAtMs: number;
  /** Time the transaction last became `pending`. Automatic settlement counts from here. */
  pendingSinceMs: number;
  /** Sum of refunds so far. Always 0 for refunds. */
  refundedKobo: number;
  /** For refunds: the transfer that was refunded. */
  originalTransactionId: number | null;
}

export interface ApprovalRequest {
  clientId: string;
  username: string;
  amountKobo: number;
  notes: string;
  destinationUsername: string | null;
}

export interface TokenRequest {
  clientId: string | undefined;
  clientSecret: string | undefined;
  grantType: string | undefined;
  code: string | undefined;
}

function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function secretsMatch(expected: string, actual: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const actualBytes = Buffer.from(actual, 'utf8');
  return expectedBytes.length === actualBytes.length && timingSafeEqual(expectedBytes, actualBytes);
}

export class SandboxState {
  readonly clock = new SandboxClock();
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly balances = new Map<string, number>();
  private readonly grantsByCode = new Map<string, Grant>();
  private readonly grantsById = new Map<number, Grant>();
  private readonly tokens = new Map<string, AccessToken>();
  private readonly transactions = new Map<number, Transaction>();
  private eventLog: SandboxEvent[] = [];
  private nextTransactionId = FIRST_TRANSACTION_ID;
  private nextGrantId = 1;

  /**
   * @param settleAfterMs time on the sandbox clock after which a pending transfer
   *   becomes `completed`, or null to settle only through settle().
   */
  constructor(
    clients: readonly SandboxClient[],
    private readonly settleAfterMs: number | null,
  ) {
    if (clients.length === 0) {
      throw new RangeError('The sandbox needs at least one client.');
    }
    clients.forEach((client, index) => {
      if (this.clients.has(client.clientId)) {
        throw new RangeError(`Client id "${client.clientId}" is registered twice.`);
      }
      this.clients.set(client.clientId, { ...client, merchant: merchantAccountFor(client, index) });
    });
    this.reset();
  }

  /** Restores the start-up state: balances, no codes, tokens, transactions or events, real time. */
  reset(): void {
    this.balances.clear();
    for (const customer of TEST_CUSTOMERS) {
      this.balances.set(customer.username, customer.balanceKobo);
    }
    this.grantsByCode.clear();
    this.grantsById.clear();
    this.tokens.clear();
    this.transactions.clear();
    this.eventLog = [];
    this.nextTransactionId = FIRST_TRANSACTION_ID;
    this.nextGrantId = 1;
    this.clock.reset();
  }

  findClient(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  /** Returns the client with this id, or throws if it is not registered. */
  getClient(clientId: string): RegisteredClient {
    const client = this.clients.get(clientId);
    if (!client) {
      throw new Error(`Client "${clientId}" is not registered.`);
    }
    return client;
  }

  balanceOf(username: string): number {
    return this.balances.get(username) ?? 0;
  }

  record(kind: string, fields: { path?: string; transactionId?: number; detail?: Record<string, unknown> } = {}): void {
    const event: SandboxEvent = { at: new Date(this.clock.now()).toISOString(), kind };
    if (fields.path !== undefined) {
      event.path = fields.path;
    }
    if (fields.transactionId !== undefined) {
      event.transactionId = String(fields.transactionId);
    }
    if (fields.detail !== undefined) {
      event.detail = fields.detail;
    }
    this.eventLog.push(event);
  }

  events(): SandboxEvent[] {
    this.settleDue();
    return this.eventLog.map((event) => structuredClone(event));
  }

  transactionList(): Transaction[] {
    this.settleDue();
    return [...this.transactions.values()].map((transaction) => structuredClone(transaction));
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.record('clock.advanced', { detail: { ms } });
    this.settleDue();
  }

  /** Creates an authentication code for an approved consent page. */
  approve(request: ApprovalRequest): Grant {
    const grant: Grant = {
      id: this.nextGrantId++,
      code: randomSecret(16),
      clientId: request.clientId,
      username: request.username,
      amountKobo: request.amountKobo,
      notes: request.notes,
      destinationUsername: request.destinationUsername,
      createdAtMs: this.clock.now(),
      transactionId: null,
    };
    this.grantsByCode.set(grant.code, grant);
    this.grantsById.set(grant.id, grant);
    this.record('authenticate.approved', {
      detail: { clientId: grant.clientId, username: grant.username, amountKobo: grant.amountKobo, grantId: grant.id },
    });
    return grant;
  }

  /** Exchanges an authentication code for a new access token and returns the token. */
  exchangeCode(request: TokenRequest): AccessToken {
    const client = request.clientId === undefined ? undefined : this.clients.get(request.clientId);
    if (!client || request.clientSecret === undefined || !secretsMatch(client.clientSecret, request.clientSecret)) {
      this.record('token.rejected', { detail: { reason: 'invalid_client', clientId: request.clientId ?? null } });
      throw new ApiError(401, 'invalid_client', 'client_id and client_secret do not match a registered client.');
    }
    if (request.grantType !== 'authorization_code') {
      this.record('token.rejected', { detail: { reason: 'unsupported_grant_type', clientId: client.clientId } });
      const problem =
        request.grantType === undefined ? 'grant_type is missing' : `grant_type "${request.grantType}" is not supported`;
      throw new ApiError(400, 'unsupported_grant_type', `${problem}. Use grant_type=authorization_code.`);
    }
    const grant = request.code === undefined ? undefined : this.grantsByCode.get(request.code);
    if (!grant || grant.clientId !== client.clientId) {
      this.record('token.rejected', { detail: { reason: 'invalid_grant', clientId: client.clientId } });
      throw new ApiError(
        400,
        'invalid_grant',
        'The authentication code is missing, unknown or was issued to another client.',
      );
    }

    const issuedAtMs = this.clock.now();
    const token: AccessToken = {
      value: randomSecret(32),
      grantId: grant.id,
      issuedAtMs,
      expiresAtMs: issuedAtMs + TOKEN_LIFETIME_MS,
    };
    this.tokens.set(token.value, token);
    this.record('token.issued', {
      detail: { clientId: client.clientId, grantId: grant.id, expiresAt: new Date(token.expiresAtMs).toISOString() },
    });
    return token;
  }

  /** Returns the token and its grant, or throws invalid_token (401). */
  authorize(tokenValue: string | undefined, path: string): Authorization {
    const token = tokenValue ? this.tokens.get(tokenValue) : undefined;
    const grant = token ? this.grantsById.get(token.grantId) : undefined;
    let description: string | null = null;
    if (!tokenValue) {
      description = 'access_token is missing.';
    } else if (!token || !grant) {
      description = 'The access token is unknown.';
    } else if (this.clock.now() >= token.expiresAtMs) {
      const expiredAt = new Date(token.expiresAtMs).toISOString();
      description = `The access token expired at ${expiredAt}. Exchange the authentication code for a new one.`;
    }
    if (description !== null || !token || !grant) {
      description ??= 'The access token is unknown.';
      this.record('token.invalid', { path, detail: { reason: description } });
      throw new ApiError(401, 'invalid_token', description);
    }
    return { token, grant };
  }

  /** Debits the customer and creates a pending transfer with the grant's amount and notes. */
  createTransfer(auth: Authorization): Transaction {
    const { grant } = auth;
    if (grant.transactionId !== null) {
      this.record('transfer.rejected', {
        transactionId: grant.transactionId,
        detail: { reason: 'duplicate_transfer', grantId: grant.id },
      });
      throw new ApiError(
        409,
        'duplicate_transfer',
        `This authentication code was already used for transaction ${grant.transactionId}. Each code allows one transfer.`,
      );
    }
    const balance = this.balanceOf(grant.username);
    if (balance < grant.amountKobo) {
      this.record('transfer.rejected', {
        detail: { reason: 'insufficient_funds', grantId: grant.id, amountKobo: grant.amountKobo, balanceKobo: balance },
      });
      throw new ApiError(402, 'insufficient_funds', "The customer's balance is below the transfer amount.");
    }

    this.balances.set(grant.username, balance - grant.amountKobo);
    const now = this.clock.now();
    const transaction: Transaction = {
      id: this.nextTransactionId++,
      type: 'transfer',
      grantId: grant.id,
      clientId: grant.clientId,
      payerUsername: grant.username,
      destination:
        grant.destinationUsername === null
          ? { kind: 'merchant', clientId: grant.clientId }
          : { kind: 'customer', username: grant.destinationUsername },
      amountKobo: grant.amountKobo,
      notes: grant.notes,
      status: 'pending',
      createdAtMs: now,
      pendingSinceMs: now,
      refundedKobo: 0,
      originalTransactionId: null,
    };
    this.transactions.set(transaction.id, transaction);
    grant.transactionId = transaction.id;
    this.record('transfer.created', {
      transactionId: transaction.id,
      detail: { grantId: grant.id, username: grant.username, amountKobo: grant.amountKobo },
    });
    return transaction;
  }

  /** Cancels a pending transfer and returns the money to the customer. */
  voidTransfer(auth: Authorization, transactionId: number): Transaction {
    const transaction = this.findOwnTransaction(auth, transactionId);
    if (transaction.type !== 'transfer' || transaction.status !== 'pending') {
      throw new ApiError(
        409,
        'invalid_state',
        `Transaction ${transactionId} is ${this.describeState(transaction)}. Only pending transfers can be voided.`,
      );
    }
    transaction.status = 'voided';
    this.balances.set(transaction.payerUsername, this.balanceOf(transaction.payerUsername) + transaction.amountKobo);
    this.record('transfer.voided', { transactionId, detail: { amountKobo: transaction.amountKobo } });
    return transaction;
  }

  /** Returns part or all of a settled transfer to the customer as a new refund transaction. */
  refundTransfer(auth: Authorization, transactionId: number, amountKobo: number, notes: string): Transaction {
    const original = this.findOwnTransaction(auth, transactionId);
    if (original.type !== 'transfer' || original.status !== 'completed') {
      throw new ApiError(
        409,
        'invalid_state',
        `Transaction ${transactionId} is ${this.describeState(original)}. Only completed transfers can be refunded.`,
      );
    }
    const remainingKobo = original.amountKobo - original.refundedKobo;
    if (amountKobo > remainingKobo) {
      throw new ApiError(
        400,
        'amount_exceeds_remaining',
        `The refund of ${amountKobo} kobo exceeds the ${remainingKobo} kobo not yet refunded on transaction ${transactionId}.`,
      );
    }

    original.refundedKobo += amountKobo;
    if (original.refundedKobo === original.amountKobo) {
      original.status = 'refunded';
    }
    this.balances.set(original.payerUsername, this.balanceOf(original.payerUsername) + amountKobo);
    const now = this.clock.now();
    const refund: Transaction = {
      id: this.nextTransactionId++,
      type: 'refund',
      grantId: original.grantId,
      clientId: original.clientId,
      payerUsername: original.payerUsername,
      destination: { kind: 'customer', username: original.payerUsername },
      amountKobo,
      notes,
      status: 'completed',
      createdAtMs: now,
      pendingSinceMs: now,
      refundedKobo: 0,
      originalTransactionId: original.id,
    };
    this.transactions.set(refund.id, refund);
    this.record('transfer.refunded', {
      transactionId: original.id,
      detail: { refundTransactionId: refund.id, amountKobo, refundedKobo: original.refundedKobo },
    });
    return refund;
  }

  readDetails(auth: Authorization, transactionId: number): Transaction {
    const transaction = this.findOwnTransaction(auth, transactionId);
    this.record('details.read', { transactionId, detail: { status: transaction.status } });
    return transaction;
  }

  readProfile(auth: Authorization): TestCustomer {
    const customer = findTestCustomer(auth.grant.username);
    if (!customer) {
      throw new Error(`Grant ${auth.grant.id} names unknown customer "${auth.grant.username}".`);
    }
    this.record('profile.read', { detail: { username: customer.username } });
    return customer;
  }

  /** Marks a pending transfer `completed`. Throws ApiError 404 or 409 otherwise. */
  settle(transactionId: number): Transaction {
    this.settleDue();
    const transaction = this.getTransaction(transactionId);
    if (transaction.type !== 'transfer' || transaction.status !== 'pending') {
      throw new ApiError(
        409,
        'invalid_state',
        `Transaction ${transactionId} is ${this.describeState(transaction)}. Only pending transfers can be settled.`,
      );
    }
    transaction.status = 'completed';
    this.record('transfer.settled', { transactionId, detail: { automatic: false } });
    return transaction;
  }

  /** Sets any status string without moving money, for tests of unexpected statuses. */
  setStatus(transactionId: number, status: string): Transaction {
    this.settleDue();
    const transaction = this.getTransaction(transactionId);
    const previous = transaction.status;
    transaction.status = status;
    if (status === 'pending') {
      transaction.pendingSinceMs = this.clock.now();
    }
    this.record('transfer.status_set', { transactionId, detail: { from: previous, to: status } });
    return transaction;
  }

  /** Settles every pending transfer whose settlement time on the sandbox clock has come. */
  settleDue(): void {
    if (this.settleAfterMs === null) {
      return;
    }
    const now = this.clock.now();
    for (const transaction of this.transactions.values()) {
      if (
        transaction.type === 'transfer' &&
        transaction.status === 'pending' &&
        transaction.pendingSinceMs + this.settleAfterMs <= now
      ) {
        transaction.status = 'completed';
        this.record('transfer.settled', { transactionId: transaction.id, detail: { automatic: true } });
      }
    }
  }

  private getTransaction(transactionId: number): Transaction {
    const transaction = this.transactions.get(transactionId);
    if (!transaction) {
      throw new ApiError(404, 'not_found', `Transaction ${transactionId} was not found.`);
    }
    return transaction;
  }

  /** Finds a transaction made with the token's grant; other grants' transactions are reported as not found. */
  private findOwnTransaction(auth: Authorization, transactionId: number): Transaction {
    this.settleDue();
    const transaction = this.transactions.get(transactionId);
    if (!transaction || transaction.grantId !== auth.grant.id) {
      throw new ApiError(404, 'not_found', `Transaction ${transactionId} was not found for this access token.`);
    }
    return transaction;
  }

  private describeState(transaction: Transaction): string {
    return transaction.type === 'refund' ? 'a refund' : `"${transaction.status}"`;
  }
}
