-- Built-in integrations' tasks in hand (docs/architecture.md, "Claims, not memory"). A row is inserted in the
-- transaction that takes its event off the outbox and deleted in the transaction of the answer that ends it; while
-- it exists it is claimed by one owner until lease_until, and each claim raises epoch (the fencing token).
CREATE TABLE work (
  id TEXT PRIMARY KEY,
  integration TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  owner TEXT,
  lease_until INTEGER,
  epoch INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL
);
CREATE INDEX ix_work_due ON work(integration, due_at);
