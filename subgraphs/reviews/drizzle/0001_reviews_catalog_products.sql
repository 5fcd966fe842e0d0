CREATE TABLE "reviews"."catalog_products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL
);
