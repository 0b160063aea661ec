-- The UI's sequence list (DESIGN §6) narrows a project's executions by result, by labels of the triggering event and
-- by time, newest first with a cursor. result and labels become columns (labels as ␟key=value␟…␟, see
-- SequenceLabels), filled from each row's JSON, and (project, ord) serves the newest-first walk.
ALTER TABLE sequences ADD COLUMN result text;
ALTER TABLE sequences ADD COLUMN labels text NOT NULL DEFAULT '';
UPDATE sequences SET
  result = json::jsonb ->> 'result',
  labels = coalesce((SELECT chr(31) || string_agg(l.key || '=' || CASE WHEN jsonb_typeof(l.value) = 'string' THEN l.value #>> '{}' WHEN jsonb_typeof(l.value) = 'null' THEN '' ELSE l.value::text END, chr(31)) || chr(31)
                     FROM jsonb_each(CASE WHEN jsonb_typeof(json::jsonb -> 'inputData' -> 'labels') = 'object' THEN json::jsonb -> 'inputData' -> 'labels' ELSE '{}'::jsonb END) l), '');
CREATE INDEX ix_sequences_project_ord ON sequences (project, ord);
