ALTER TABLE `api_access` ADD `certificate_id` text;--> statement-breakpoint
ALTER TABLE `api_access` ADD `review` text;