CREATE TABLE `digest_runs` (
	`recipient` text NOT NULL,
	`day` text NOT NULL,
	`item_count` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`recipient`, `day`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `doc_access_one_open` ON `doc_access` (`user_id`,`api_slug`) WHERE status in ('pending', 'approved');