-- The UI's sequence list (DESIGN §6) narrows a project's executions by result, by labels of the triggering event and
-- by time, newest first with a cursor. result and labels become columns (labels as ␟key=value␟…␟, see
-- SequenceLabels), filled from each row's JSON, and (project, ord) serves the newest-first walk.
ALTER TABLE sequences ADD COLUMN result TEXT;
ALTER TABLE sequences ADD COLUMN labels TEXT NOT NULL DEFAULT '';
UPDATE sequences SET
  result = json_extract(json, '$.result'),
  labels = coalesce((SELECT char(31) || group_concat(key || '=' || CASE WHEN type IN ('object', 'array') THEN json(value) ELSE coalesce(value, '') END, char(31)) || char(31)
                     FROM json_each(sequences.json, '$.inputData.labels') WHERE json_type(sequences.json, '$.inputData.labels') = 'object'), '');
CREATE INDEX ix_sequences_project_ord ON sequences (project, ord);
