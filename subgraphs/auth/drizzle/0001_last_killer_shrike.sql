CREATE TABLE "auth"."pending_deactivations" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
