CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mimo_authorizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_request_id" uuid NOT NULL,
	"code_ciphertext" text NOT NULL,
	"access_token_ciphertext" text,
	"token_expires_at" timestamp with time zone,
	"payer_username" text,
	"payer_name" text,
	"payer_account_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mimo_authorizations_payment_request_id_unique" UNIQUE("payment_request_id")
);
--> statement-breakpoint
CREATE TABLE "payment_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"state" text DEFAULT 'awaiting' NOT NULL,
	"amount_kobo" bigint NOT NULL,
	"notes" text NOT NULL,
	"customer_slack_user_id" text,
	"customer_label" text,
	"destination_user" text,
	"team_id" text,
	"requested_by" text NOT NULL,
	"channel_id" text NOT NULL,
	"card_ts" text,
	"expires_at" timestamp with time zone NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_requests_reference_unique" UNIQUE("reference"),
	CONSTRAINT "payment_requests_state_check" CHECK (state in ('awaiting', 'exchanging', 'transferring', 'transferred', 'settled', 'declined', 'cancelled', 'expired', 'failed', 'needs_review', 'voided', 'refunded_partial', 'refunded')),
	CONSTRAINT "payment_requests_amount_check" CHECK ("payment_requests"."amount_kobo" > 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"payment_request_id" uuid NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"amount_kobo" bigint NOT NULL,
	"notes" text NOT NULL,
	"mimo_refund_transaction_id" text,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_mimo_refund_transaction_id_unique" UNIQUE("mimo_refund_transaction_id"),
	CONSTRAINT "refunds_state_check" CHECK (state in ('requested', 'approved', 'processing', 'completed', 'rejected', 'failed', 'needs_review')),
	CONSTRAINT "refunds_amount_check" CHECK ("refunds"."amount_kobo" > 0)
);
--> statement-breakpoint
CREATE TABLE "slack_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "slack_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_request_id" uuid,
	"kind" text NOT NULL,
	"target" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "slack_outbox_kind_check" CHECK (kind in ('card', 'thread_reply', 'message', 'direct_message')),
	CONSTRAINT "slack_outbox_state_check" CHECK (state in ('pending', 'sending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_request_id" uuid NOT NULL,
	"authorization_id" uuid NOT NULL,
	"mimo_transaction_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"mimo_status" text DEFAULT 'pending' NOT NULL,
	"amount_kobo" bigint NOT NULL,
	"refunded_kobo" bigint DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_polled_at" timestamp with time zone,
	"poll_failures" integer DEFAULT 0 NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_payment_request_id_unique" UNIQUE("payment_request_id"),
	CONSTRAINT "transfers_mimo_transaction_id_unique" UNIQUE("mimo_transaction_id"),
	CONSTRAINT "transfers_state_check" CHECK (state in ('pending', 'settled', 'voided', 'refunded_partial', 'refunded', 'failed')),
	CONSTRAINT "transfers_refunded_check" CHECK ("transfers"."refunded_kobo" >= 0 and "transfers"."refunded_kobo" <= "transfers"."amount_kobo")
);
--> statement-breakpoint
ALTER TABLE "mimo_authorizations" ADD CONSTRAINT "mimo_authorizations_payment_request_id_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."payment_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_request_id_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."payment_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_outbox" ADD CONSTRAINT "slack_outbox_payment_request_id_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."payment_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_payment_request_id_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."payment_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_authorization_id_mimo_authorizations_id_fk" FOREIGN KEY ("authorization_id") REFERENCES "public"."mimo_authorizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "payment_requests_state_expires_idx" ON "payment_requests" USING btree ("state","expires_at");--> statement-breakpoint
CREATE INDEX "refunds_transfer_idx" ON "refunds" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "slack_outbox_pending_idx" ON "slack_outbox" USING btree ("state","available_at");--> statement-breakpoint
CREATE INDEX "slack_outbox_payment_idx" ON "slack_outbox" USING btree ("payment_request_id","id");--> statement-breakpoint
CREATE INDEX "transfers_poll_idx" ON "transfers" USING btree ("state","next_poll_at");