ALTER TABLE "orders"."order_lines" ADD COLUMN "product_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD COLUMN "variant_title" text;