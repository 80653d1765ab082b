CREATE TABLE `api_access` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`api_slug` text NOT NULL,
	`environment` text NOT NULL,
	`auth_method` text NOT NULL,
	`status` text NOT NULL,
	`justification` text,
	`decided_by` text,
	`decision_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `api_access_api_status` ON `api_access` (`api_slug`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_access_one_open` ON `api_access` (`app_id`,`api_slug`,`environment`,`auth_method`) WHERE status in ('pending', 'approved', 'suspended');--> statement-breakpoint
CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`business_contact` text NOT NULL,
	`technical_contact` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `apps_owner` ON `apps` (`owner_id`);--> statement-breakpoint
CREATE TABLE `client_secrets` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`hint` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_secrets_secret_hash_unique` ON `client_secrets` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `client_secrets_app` ON `client_secrets` (`app_id`);