CREATE TABLE "payments"."command_replies" (
	"command" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"reply" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "command_replies_command_idempotency_key_pk" PRIMARY KEY("command","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "payments"."consumers" (
	"durable" text PRIMARY KEY NOT NULL,
	"types" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"event_id" text,
	"type" text,
	"subject" text NOT NULL,
	"payload" text NOT NULL,
	"error" text NOT NULL,
	"deliveries" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."delivery_attempts" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_attempts_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "payments"."disputes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_intent_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_dispute_id" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"evidence" text,
	"evidence_submitted_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_status_check" CHECK (status in ('OPEN', 'UNDER_REVIEW', 'WON', 'LOST')),
	CONSTRAINT "disputes_amount_check" CHECK (amount > 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."event_positions" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"aggregate" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_positions_consumer_source_aggregate_pk" PRIMARY KEY("consumer","source","aggregate")
);
--> statement-breakpoint
CREATE TABLE "payments"."event_sequences" (
	"aggregate" text PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "payments"."ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_intent_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_kind_check" CHECK (kind in ('AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND', 'DISPUTE', 'DISPUTE_REVERSAL')),
	CONSTRAINT "ledger_entries_amount_check" CHECK (amount >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "payments"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"aggregate" text,
	"sequence" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"parked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments"."payment_intents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"user_id" uuid,
	"email" text,
	"ip" text,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"authorized_amount" bigint DEFAULT 0 NOT NULL,
	"captured_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_reference" text,
	"card_fingerprint" text NOT NULL,
	"action_url" text,
	"failure_code" text,
	"failure_message" text,
	"billing_country" text,
	"shipping_country" text,
	"risk_score" integer NOT NULL,
	"risk_decision" text NOT NULL,
	"risk_reasons" jsonb NOT NULL,
	"review_status" text DEFAULT 'NONE' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_intents_status_check" CHECK (status in ('PENDING', 'REQUIRES_ACTION', 'AUTHORIZED', 'CAPTURED', 'PARTIALLY_CAPTURED', 'VOIDED', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
	CONSTRAINT "payment_intents_amount_check" CHECK (amount > 0),
	CONSTRAINT "payment_intents_authorized_check" CHECK (authorized_amount >= 0 and authorized_amount <= amount),
	CONSTRAINT "payment_intents_captured_check" CHECK (captured_amount >= 0 and captured_amount <= authorized_amount),
	CONSTRAINT "payment_intents_refunded_check" CHECK (refunded_amount >= 0 and refunded_amount <= captured_amount)
);
--> statement-breakpoint
CREATE TABLE "payments"."refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_intent_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"provider_reference" text,
	"actor_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_check" CHECK (amount > 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."void_markers" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."webhook_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
ALTER TABLE "payments"."disputes" ADD CONSTRAINT "disputes_payment_intent_id_payment_intents_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "payments"."payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments"."ledger_entries" ADD CONSTRAINT "ledger_entries_payment_intent_id_payment_intents_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "payments"."payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments"."refunds" ADD CONSTRAINT "refunds_payment_intent_id_payment_intents_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "payments"."payment_intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_provider_key" ON "payments"."disputes" USING btree ("provider","provider_dispute_id");--> statement-breakpoint
CREATE INDEX "disputes_intent_idx" ON "payments"."disputes" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_intent_idx" ON "payments"."ledger_entries" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_created_idx" ON "payments"."ledger_entries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "payments"."outbox" USING btree ("seq") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "outbox_relayable_aggregate_idx" ON "payments"."outbox" USING btree ("aggregate","seq") WHERE published_at is null and parked_at is null;--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "payments"."outbox" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_order_key" ON "payments"."payment_intents" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payment_intents_fingerprint_idx" ON "payments"."payment_intents" USING btree ("card_fingerprint","created_at");--> statement-breakpoint
CREATE INDEX "payment_intents_email_idx" ON "payments"."payment_intents" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "payment_intents_ip_idx" ON "payments"."payment_intents" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "payment_intents_user_idx" ON "payments"."payment_intents" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_intents_review_idx" ON "payments"."payment_intents" USING btree ("review_status");--> statement-breakpoint
CREATE INDEX "payment_intents_reference_idx" ON "payments"."payment_intents" USING btree ("provider","provider_reference");--> statement-breakpoint
CREATE INDEX "refunds_intent_idx" ON "payments"."refunds" USING btree ("payment_intent_id");