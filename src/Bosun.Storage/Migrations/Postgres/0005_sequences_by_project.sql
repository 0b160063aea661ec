-- Keptn's sequence-execution query (GET /api/controlPlane/v1/sequence-execution) narrows a project's executions by stage
-- and service, newest first.
CREATE INDEX ix_sequences_project ON sequences (project, stage, service, ord);
