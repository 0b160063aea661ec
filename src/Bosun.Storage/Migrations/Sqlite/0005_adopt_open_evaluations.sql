-- The lighthouse keeps its evaluations in hand as work rows from this version on. An evaluation still open in a
-- database of an earlier version gets one, free to claim: it carries on from where its events say it stands.
INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, epoch, attempts, created)
SELECT 'lighthouse-service/' || event_seq || '/evaluation', 'lighthouse-service', event_seq, 'evaluation', 0, 0, 0, 0
FROM open_tasks WHERE type = 'sh.keptn.event.evaluation.triggered';
