-- The printing of kiosk tickets: the copy last due (1 the first print, 2 the first reprint…), whether it came out
-- (PENDING, PRINTED, FAILED; NULL for tickets not issued at a kiosk) and why it failed.
ALTER TABLE tickets ADD COLUMN print_status VARCHAR(16);
ALTER TABLE tickets ADD COLUMN print_copy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN print_reason VARCHAR(64);
