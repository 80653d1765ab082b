CREATE TABLE `sign_in_failures` (
	`account_key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `possession_challenge` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `possession_proved_at` integer;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `possession_method` text;--> statement-breakpoint
ALTER TABLE `users` ADD `owner_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `owner_confirmed_by` text;