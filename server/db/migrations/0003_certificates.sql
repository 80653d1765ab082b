CREATE TABLE `certificate_authorities` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`ev` integer DEFAULT true NOT NULL,
	`source` text NOT NULL,
	`certificate_pem` text,
	`sha256` text,
	`not_before` integer,
	`not_after` integer,
	`added_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_authorities_name_unique` ON `certificate_authorities` (`name`);--> statement-breakpoint
CREATE TABLE `client_certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`api_slug` text NOT NULL,
	`subject` text NOT NULL,
	`issuer` text NOT NULL,
	`serial_number` text NOT NULL,
	`sha256` text NOT NULL,
	`not_before` integer NOT NULL,
	`not_after` integer NOT NULL,
	`certificate_pem` text NOT NULL,
	`chain_pem` text DEFAULT '' NOT NULL,
	`anchor_ca_id` text NOT NULL,
	`directly_issued` integer NOT NULL,
	`checks` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decision_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `client_certificates_user` ON `client_certificates` (`user_id`);--> statement-breakpoint
CREATE INDEX `client_certificates_api_status` ON `client_certificates` (`api_slug`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `client_certificates_one_per_user` ON `client_certificates` (`user_id`,`sha256`,`api_slug`);