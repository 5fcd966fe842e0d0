CREATE TABLE "shipping"."consumers" (
	"durable" text PRIMARY KEY NOT NULL,
	"types" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."dead_letters" (
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
CREATE TABLE "shipping"."delivery_attempts" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_attempts_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "shipping"."event_positions" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"aggregate" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_positions_consumer_source_aggregate_pk" PRIMARY KEY("consumer","source","aggregate")
);
--> statement-breakpoint
CREATE TABLE "shipping"."event_sequences" (
	"aggregate" text PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "shipping"."method_thresholds" (
	"method_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "method_thresholds_pkey" PRIMARY KEY("method_id","currency"),
	CONSTRAINT "method_thresholds_amount_check" CHECK ("shipping"."method_thresholds"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shipping"."methods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"zone_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"min_delivery_days" integer,
	"max_delivery_days" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text,
	"shipping_address" jsonb,
	"shipping_rate_id" uuid,
	"lines" jsonb NOT NULL,
	"allocations" jsonb NOT NULL,
	"placed_at" timestamp (3) with time zone NOT NULL,
	"cancelled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "shipping"."outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "shipping"."rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"basis" text NOT NULL,
	"band_min" bigint NOT NULL,
	"band_max" bigint,
	"price_minor" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rates_price_check" CHECK ("shipping"."rates"."price_minor" >= 0),
	CONSTRAINT "rates_band_check" CHECK ("shipping"."rates"."band_min" >= 0 and ("shipping"."rates"."band_max" is null or "shipping"."rates"."band_max" > "shipping"."rates"."band_min"))
);
--> statement-breakpoint
CREATE TABLE "shipping"."shipment_lines" (
	"shipment_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_pkey" PRIMARY KEY("shipment_id","variant_id"),
	CONSTRAINT "shipment_lines_quantity_check" CHECK ("shipping"."shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipping"."shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"warehouse_id" uuid,
	"carrier" text NOT NULL,
	"service" text NOT NULL,
	"status" text NOT NULL,
	"tracking_number" text,
	"carrier_shipment_id" text,
	"label_url" text,
	"status_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."tracking_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"description" text NOT NULL,
	"location" text,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping"."zone_areas" (
	"zone_id" uuid NOT NULL,
	"country" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	CONSTRAINT "zone_areas_pkey" PRIMARY KEY("country","region")
);
--> statement-breakpoint
CREATE TABLE "shipping"."zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipping"."method_thresholds" ADD CONSTRAINT "method_thresholds_method_id_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "shipping"."methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."methods" ADD CONSTRAINT "methods_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "shipping"."zones"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."rates" ADD CONSTRAINT "rates_method_id_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "shipping"."methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "shipping"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "shipping"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "shipping"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping"."zone_areas" ADD CONSTRAINT "zone_areas_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "shipping"."zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "methods_zone_name_key" ON "shipping"."methods" USING btree ("zone_id",lower("name"));--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "shipping"."outbox" USING btree ("seq") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "outbox_relayable_aggregate_idx" ON "shipping"."outbox" USING btree ("aggregate","seq") WHERE published_at is null and parked_at is null;--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "shipping"."outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "rates_method_idx" ON "shipping"."rates" USING btree ("method_id","currency");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipping"."shipments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_key" ON "shipping"."shipments" USING btree ("tracking_number","carrier");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_external_key" ON "shipping"."tracking_events" USING btree ("carrier","external_id");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "shipping"."tracking_events" USING btree ("shipment_id","occurred_at");--> statement-breakpoint
CREATE INDEX "zone_areas_zone_idx" ON "shipping"."zone_areas" USING btree ("zone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "zones_name_key" ON "shipping"."zones" USING btree (lower("name"));