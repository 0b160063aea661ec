-- The PostgreSQL store's first schema: the SQLite store's tables as of its migration 2, in PostgreSQL's types.
-- Times are Unix milliseconds (bigint) in both stores, so the two read and page alike.
CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL,
  source text NOT NULL,
  type text NOT NULL,
  context text NOT NULL,
  triggeredid text,
  project text,
  stage text,
  service text,
  time bigint NOT NULL,
  json text NOT NULL,
  -- data.result, for the lighthouse's "previous evaluations" filter (SQLite reads it with json_extract).
  result text GENERATED ALWAYS AS ((json::jsonb) #>> '{data,result}') STORED
);
CREATE UNIQUE INDEX ux_events_id_source ON events (id, source);
CREATE INDEX ix_events_context ON events (context, seq);
CREATE INDEX ix_events_type ON events (type, project, stage, service, seq);
CREATE INDEX ix_events_scope ON events (project, stage, service, seq);
CREATE INDEX ix_events_time ON events (time);
CREATE INDEX ix_events_triggeredid ON events (triggeredid) WHERE triggeredid IS NOT NULL;

CREATE TABLE sequences (
  id text PRIMARY KEY,
  context text NOT NULL,
  project text NOT NULL,
  stage text NOT NULL,
  service text NOT NULL,
  name text NOT NULL,
  state text NOT NULL,
  active integer NOT NULL,
  ord bigint NOT NULL,
  triggered_at bigint NOT NULL,
  json text NOT NULL
);
CREATE INDEX ix_sequences_active ON sequences (active) WHERE active = 1;
CREATE INDEX ix_sequences_context ON sequences (context, ord);

CREATE TABLE contexts (
  context text PRIMARY KEY,
  project text NOT NULL,
  name text NOT NULL,
  service text NOT NULL,
  time bigint NOT NULL,
  ord bigint NOT NULL
);
CREATE INDEX ix_contexts_project ON contexts (project, ord);

CREATE TABLE open_tasks (
  triggeredid text PRIMARY KEY,
  type text NOT NULL,
  project text,
  stage text,
  service text,
  event_seq bigint NOT NULL
);
CREATE INDEX ix_open_tasks_type ON open_tasks (type, project, stage, service);

CREATE TABLE outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_seq bigint NOT NULL
);

CREATE TABLE projects (
  name text PRIMARY KEY,
  created bigint NOT NULL,
  json text NOT NULL
);

CREATE TABLE services (
  project text NOT NULL,
  stage text NOT NULL,
  name text NOT NULL,
  created bigint NOT NULL,
  PRIMARY KEY (project, stage, name)
);

CREATE TABLE resources (
  project text NOT NULL,
  stage text NOT NULL,
  service text NOT NULL,
  uri text NOT NULL,
  version bigint NOT NULL,
  content bytea,
  created bigint NOT NULL,
  PRIMARY KEY (project, stage, service, uri, version)
);

CREATE TABLE integrations (
  id text PRIMARY KEY,
  name text NOT NULL,
  lastseen bigint NOT NULL,
  json text NOT NULL
);

CREATE TABLE logs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integrationid text NOT NULL,
  time bigint NOT NULL,
  json text NOT NULL
);
CREATE INDEX ix_logs_integration ON logs (integrationid, seq);

-- Secrets for webhooks (envFrom): the values are sealed by the server (AES-GCM) before they reach this table.
CREATE TABLE secrets (
  name text NOT NULL,
  scope text NOT NULL,
  keys text NOT NULL,
  sealed bytea NOT NULL,
  PRIMARY KEY (name, scope)
);

CREATE TABLE project_settings (
  project text NOT NULL,
  name text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (project, name)
);

-- Built-in integrations' tasks in hand (docs/architecture.md, "Claims, not memory").
CREATE TABLE work (
  id text PRIMARY KEY,
  integration text NOT NULL,
  event_seq bigint NOT NULL,
  key text NOT NULL,
  due_at bigint NOT NULL,
  owner text,
  lease_until bigint,
  epoch bigint NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  created bigint NOT NULL
);
CREATE INDEX ix_work_due ON work (integration, due_at);
