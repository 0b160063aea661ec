-- The environment page (DESIGN §6) asks each scope's newest execution in a state, and with a result (the newest
-- finished one, the newest that passed): with both in the index the grouping reads the index alone, never the rows
-- and their JSON.
CREATE INDEX ix_sequences_project_state ON sequences (project, state, result, stage, service, ord);
