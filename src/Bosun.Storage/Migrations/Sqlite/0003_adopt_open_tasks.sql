-- The approval and remediation (get-action) integrations keep their tasks in hand as work rows from this version on.
-- Their tasks still open in a database of an earlier version get one each, free to claim, so the next start takes them
-- up as the earlier version did (answers carry derived ids: one already given is not stored twice).
INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, epoch, attempts, created)
SELECT 'approval-service/' || event_seq || '/approval', 'approval-service', event_seq, 'approval', 0, 0, 0, 0
FROM open_tasks WHERE type = 'sh.keptn.event.approval.triggered';
INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, epoch, attempts, created)
SELECT 'remediation-service/' || event_seq || '/get-action', 'remediation-service', event_seq, 'get-action', 0, 0, 0, 0
FROM open_tasks WHERE type = 'sh.keptn.event.get-action.triggered';
