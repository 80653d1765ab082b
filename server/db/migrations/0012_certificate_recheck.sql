CREATE TABLE `certificate_notices` (
	`certificate_id` text NOT NULL,
	`notice` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`certificate_id`, `notice`),
	FOREIGN KEY (`certificate_id`) REFERENCES `client_certificates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `certificate_authorities` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `certificate_authorities` ADD `retired_reason` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `recheck_flag` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `recheck_detail` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `rechecked_at` integer;