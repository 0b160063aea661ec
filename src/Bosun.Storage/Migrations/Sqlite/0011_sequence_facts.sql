-- The DORA figures (DESIGN §7) read each execution's delivery facts from columns, written as it is saved; rows
-- saved before (facts NULL) are read from their JSON once more when asked.
ALTER TABLE sequences ADD COLUMN delivered_at INTEGER;
ALTER TABLE sequences ADD COLUMN failed_at INTEGER;
ALTER TABLE sequences ADD COLUMN finished_at INTEGER;
ALTER TABLE sequences ADD COLUMN facts INTEGER;
