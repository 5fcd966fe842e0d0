CREATE TABLE "inventory"."consumers" (
	"durable" text PRIMARY KEY NOT NULL,
	"types" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."delivery_attempts" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_attempts_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "inventory"."event_positions" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"aggregate" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_positions_consumer_source_aggregate_pk" PRIMARY KEY("consumer","source","aggregate")
);
--> statement-breakpoint
CREATE TABLE "inventory"."event_sequences" (
	"aggregate" text PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory"."outbox" ADD COLUMN "aggregate" text;--> statement-breakpoint
ALTER TABLE "inventory"."outbox" ADD COLUMN "sequence" bigint;--> statement-breakpoint
ALTER TABLE "inventory"."outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inventory"."outbox" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_relayable_aggregate_idx" ON "inventory"."outbox" USING btree ("aggregate","seq") WHERE published_at is null and parked_at is null;--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "inventory"."outbox" USING btree ("created_at");