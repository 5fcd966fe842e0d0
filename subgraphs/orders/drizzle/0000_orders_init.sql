CREATE TABLE "orders"."cart_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cart_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"weight_grams" integer,
	"reservation_id" uuid,
	"reserved_until" timestamp (3) with time zone,
	"stock_status" text DEFAULT 'NOT_RESERVED' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_lines_quantity_check" CHECK ("orders"."cart_lines"."quantity" BETWEEN 1 AND 999),
	CONSTRAINT "cart_lines_stock_status_check" CHECK ("orders"."cart_lines"."stock_status" IN ('RESERVED', 'OUT_OF_STOCK', 'NOT_RESERVED'))
);
--> statement-breakpoint
CREATE TABLE "orders"."carts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"currency" text NOT NULL,
	"discount_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"shipping_address" jsonb,
	"shipping_rate_id" uuid,
	"merged_into_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carts_status_check" CHECK ("orders"."carts"."status" IN ('OPEN', 'CHECKED_OUT', 'MERGED'))
);
--> statement-breakpoint
CREATE TABLE "orders"."consumers" (
	"durable" text PRIMARY KEY NOT NULL,
	"types" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."dead_letters" (
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
CREATE TABLE "orders"."delivery_attempts" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_attempts_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."event_positions" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"aggregate" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_positions_consumer_source_aggregate_pk" PRIMARY KEY("consumer","source","aggregate")
);
--> statement-breakpoint
CREATE TABLE "orders"."event_sequences" (
	"aggregate" text PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "orders"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "orders"."wishlist_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."wishlists" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"share_token" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."cart_lines" ADD CONSTRAINT "cart_lines_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "orders"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."wishlist_items" ADD CONSTRAINT "wishlist_items_user_id_wishlists_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "orders"."wishlists"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_lines_cart_variant_key" ON "orders"."cart_lines" USING btree ("cart_id","variant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carts_user_open_key" ON "orders"."carts" USING btree ("user_id") WHERE "orders"."carts"."status" = 'OPEN' AND "orders"."carts"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "orders"."outbox" USING btree ("seq") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "outbox_relayable_aggregate_idx" ON "orders"."outbox" USING btree ("aggregate","seq") WHERE published_at is null and parked_at is null;--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "orders"."outbox" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wishlist_items_user_variant_key" ON "orders"."wishlist_items" USING btree ("user_id","variant_id");--> statement-breakpoint
CREATE INDEX "wishlist_items_user_id_idx" ON "orders"."wishlist_items" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "wishlists_share_token_key" ON "orders"."wishlists" USING btree ("share_token");