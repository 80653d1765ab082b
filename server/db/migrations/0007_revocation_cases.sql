ALTER TABLE `client_certificates` ADD `case_due_at` integer;--> statement-breakpoint
ALTER TABLE `client_certificates` ADD `case_handled_at` integer;