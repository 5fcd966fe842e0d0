CREATE TABLE "payments"."order_lines" (
	"line_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"delivered_quantity" integer DEFAULT 0 NOT NULL,
	"unit_price" bigint NOT NULL,
	"currency" text NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "order_lines_delivered_check" CHECK (delivered_quantity >= 0 and delivered_quantity <= quantity)
);
--> statement-breakpoint
CREATE TABLE "payments"."return_lines" (
	"return_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "return_lines_return_id_line_id_pk" PRIMARY KEY("return_id","line_id"),
	CONSTRAINT "return_lines_quantity_check" CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."returns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"decision_note" text,
	"refund_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "returns_status_check" CHECK (status in ('REQUESTED', 'APPROVED', 'REJECTED', 'REFUNDED')),
	CONSTRAINT "returns_amount_check" CHECK (amount >= 0)
);
--> statement-breakpoint
ALTER TABLE "payments"."return_lines" ADD CONSTRAINT "return_lines_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "payments"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments"."return_lines" ADD CONSTRAINT "return_lines_line_id_order_lines_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "payments"."order_lines"("line_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "payments"."order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "returns_order_idx" ON "payments"."returns" USING btree ("order_id");