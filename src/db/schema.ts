import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/** Integer kobo. Values stay below 2^53, so drizzle's number mode is exact. */
const kobo = (name: string) => bigint(name, { mode: 'number' });

export const PAYMENT_STATES = [
  'awaiting', // link sent, customer has not finished on MiMo
  'exchanging', // callback received, code being exchanged for a token
  'transferring', // token obtained, transfer create sent to MiMo
  'transferred', // MiMo returned a transaction id; not settled yet
  'settled',
  'declined', // customer rejected on MiMo's page
  'cancelled', // requester or approver cancelled before payment
  'expired', // link expired before payment
  'failed', // MiMo rejected the transfer; no money moved
  'needs_review', // transfer outcome unknown: money may have moved
  'voided',
  'refunded_partial',
  'refunded',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/** A request for money made from Slack; the root of every other record. */
export const paymentRequests = pgTable(
  'payment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Unguessable public reference used in the pay link and the MiMo callback URL. */
    reference: text('reference').notNull().unique(),
    state: text('state').$type<PaymentState>().notNull().default('awaiting'),
    amountKobo: kobo('amount_kobo').notNull(),
    notes: text('notes').notNull(),
    customerSlackUserId: text('customer_slack_user_id'),
    /** Name or email of a customer outside Slack. */
    customerLabel: text('customer_label'),
    destinationUser: text('destination_user'),
    teamId: text('team_id'),
    requestedBy: text('requested_by').notNull(),
    channelId: text('channel_id').notNull(),
    /** Timestamp of the live card message, once posted. */
    cardTs: text('card_ts'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('payment_requests_state_check', inList('state', PAYMENT_STATES)),
    check('payment_requests_amount_check', sql`${table.amountKobo} > 0`),
    index('payment_requests_state_expires_idx').on(table.state, table.expiresAt),
  ],
);

/**
 * A customer's grant to the merchant on MiMo: the user authentication code (which does
 * not expire and renews tokens) and the cached access token, both encrypted.
 */
export const mimoAuthorizations = pgTable('mimo_authorizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  paymentRequestId: uuid('payment_request_id').notNull().unique().references(() => paymentRequests.id),
  codeCiphertext: text('code_ciphertext').notNull(),
  accessTokenCiphertext: text('access_token_ciphertext'),
  tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
  payerUsername: text('payer_username'),
  payerName: text('payer_name'),
  payerAccountNumber: text('payer_account_number'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const TRANSFER_STATES = ['pending', 'settled', 'voided', 'refunded_partial', 'refunded', 'failed'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** The money movement on MiMo behind a paid request; at most one per payment request. */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentRequestId: uuid('payment_request_id').notNull().unique().references(() => paymentRequests.id),
    authorizationId: uuid('authorization_id').notNull().references(() => mimoAuthorizations.id),
    mimoTransactionId: text('mimo_transaction_id').notNull().unique(),
    state: text('state').$type<TransferState>().notNull().default('pending'),
    /** Status exactly as MiMo last reported it, including values this program does not know. */
    mimoStatus: text('mimo_status').notNull().default('pending'),
    amountKobo: kobo('amount_kobo').notNull(),
    refundedKobo: kobo('refunded_kobo').notNull().default(0),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }).notNull().defaultNow(),
    lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
    pollFailures: integer('poll_failures').notNull().default(0),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('transfers_state_check', inList('state', TRANSFER_STATES)),
    check('transfers_refunded_check', sql`${table.refundedKobo} >= 0 and ${table.refundedKobo} <= ${table.amountKobo}`),
    index('transfers_poll_idx').on(table.state, table.nextPollAt),
  ],
);

export const REFUND_STATES = ['requested', 'approved', 'processing', 'completed', 'rejected', 'failed', 'needs_review'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

/** A refund of part or all of a settled transfer, moved only after an approver's decision. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    transferId: uuid('transfer_id').notNull().references(() => transfers.id),
    paymentRequestId: uuid('payment_request_id').notNull().references(() => paymentRequests.id),
    state: text('state').$type<RefundState>().notNull().default('requested'),
    amountKobo: kobo('amount_kobo').notNull(),
    notes: text('notes').notNull(),
    /** MiMo's id of the refund itself; never the original transfer's id. */
    mimoRefundTransactionId: text('mimo_refund_transaction_id').unique(),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('refunds_state_check', inList('state', REFUND_STATES)),
    check('refunds_amount_check', sql`${table.amountKobo} > 0`),
    index('refunds_transfer_idx').on(table.transferId),
  ],
);

/**
 * Append-only record of every state change and who caused it. A trigger in the
 * migrations rejects UPDATE and DELETE on this table.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entityType: text('entity_type').$type<'payment_request' | 'transfer' | 'refund' | 'authorization'>().notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    /** `slack:<user id>`, `customer`, `mimo`, `job:<name>` or `system`. */
    actor: text('actor').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [index('audit_log_entity_idx').on(table.entityType, table.entityId, table.id)],
);

export const OUTBOX_KINDS = ['card', 'thread_reply', 'message', 'direct_message'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Slack posts waiting to be delivered, written in the same transaction as the state
 * change they announce. Delivery happens after commit, by whichever instance claims
 * the row first.
 */
export const slackOutbox = pgTable(
  'slack_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    paymentRequestId: uuid('payment_request_id').references(() => paymentRequests.id),
    kind: text('kind').$type<OutboxKind>().notNull(),
    /** Channel for `message`, user for `direct_message`; cards and replies use the payment's channel. */
    target: text('target'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    state: text('state').$type<OutboxState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    check('slack_outbox_kind_check', inList('kind', OUTBOX_KINDS)),
    check('slack_outbox_state_check', inList('state', OUTBOX_STATES)),
    index('slack_outbox_pending_idx').on(table.state, table.availableAt),
    index('slack_outbox_payment_idx').on(table.paymentRequestId, table.id),
  ],
);
