-- The Prometheus SLI provider keeps its tasks in hand as work rows from this version on. A get-sli task still open in
-- a database of an earlier version gets one, free to claim; the provider ends at once a row whose get-sli names
-- another provider.
INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, epoch, attempts, created)
SELECT 'prometheus-service/' || event_seq || '/get-sli', 'prometheus-service', event_seq, 'get-sli', 0, 0, 0, 0
FROM open_tasks WHERE type = 'sh.keptn.event.get-sli.triggered';
