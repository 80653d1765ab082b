ALTER TABLE `api_access` ADD `next_certificate_id` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `replaces_id` text;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `change_at` integer;