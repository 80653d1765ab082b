CREATE TABLE `oidc_logins` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`nonce` text NOT NULL,
	`code_verifier` text NOT NULL,
	`next` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `ttl_ms` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `identity_provider` text;--> statement-breakpoint
ALTER TABLE `users` ADD `identity_subject` text;--> statement-breakpoint
ALTER TABLE `users` ADD `staff_groups` text;--> statement-breakpoint
ALTER TABLE `users` ADD `local_staff_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `users_identity` ON `users` (`identity_provider`,`identity_subject`);