-- The environment page (DESIGN §6) asks each scope's newest execution in a state, and with a result (the newest
-- finished one, the newest that passed): with both in a scope's index the grouping reads the index alone, never the
-- rows and their JSON.
CREATE INDEX ix_sequences_scope_state ON sequences (project, stage, service, state, result, ord);
