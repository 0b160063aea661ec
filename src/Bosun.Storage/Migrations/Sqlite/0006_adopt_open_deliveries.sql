-- Argo CD delivery keeps its tasks in hand as work rows from this version on. A deliver, rollback or action task still
-- open in a database of an earlier version gets one, free to claim (key: the task's name); the app's operation state
-- says whether Bosun's sync already ran, and a task that is not Bosun's to deliver ends its row at once.
INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, epoch, attempts, created)
SELECT 'bosun-argocd/' || event_seq || '/' || substr(type, 16, length(type) - 25), 'bosun-argocd', event_seq,
  substr(type, 16, length(type) - 25), 0, 0, 0, 0
FROM open_tasks
WHERE type IN ('sh.keptn.event.deliver.triggered', 'sh.keptn.event.rollback.triggered', 'sh.keptn.event.action.triggered');
