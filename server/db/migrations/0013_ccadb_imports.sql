CREATE TABLE `ccadb_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`imported_by` text,
	`via` text NOT NULL,
	`file_name` text,
	`entries` text NOT NULL,
	`entry_count` integer NOT NULL,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
