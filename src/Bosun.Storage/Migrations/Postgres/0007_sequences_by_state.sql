-- The environment page (DESIGN §6) asks each scope's newest execution in a state (the newest finished one): with
-- the state in the index the grouping reads the index alone, never the rows and their JSON.
CREATE INDEX ix_sequences_project_state ON sequences (project, state, stage, service, ord);
