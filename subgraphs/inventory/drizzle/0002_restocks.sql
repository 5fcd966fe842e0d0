ALTER TYPE "inventory"."movement_reason" ADD VALUE 'CANCELLED';--> statement-breakpoint
CREATE TABLE "inventory"."restocks" (
	"key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reservations_reference_idx" ON "inventory"."reservations" USING btree ("reference");