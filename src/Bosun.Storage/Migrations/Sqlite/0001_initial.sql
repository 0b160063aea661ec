-- The schema as it stood before versioned migrations; IF NOT EXISTS lets it adopt a database of that time.
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  type TEXT NOT NULL,
  context TEXT NOT NULL,
  triggeredid TEXT,
  project TEXT,
  stage TEXT,
  service TEXT,
  time INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_events_id_source ON events(id, source);
CREATE INDEX IF NOT EXISTS ix_events_context ON events(context, seq);
CREATE INDEX IF NOT EXISTS ix_events_type ON events(type, project, stage, service, seq);
CREATE INDEX IF NOT EXISTS ix_events_scope ON events(project, stage, service, seq);
CREATE INDEX IF NOT EXISTS ix_events_time ON events(time);
CREATE INDEX IF NOT EXISTS ix_events_triggeredid ON events(triggeredid) WHERE triggeredid IS NOT NULL;

CREATE TABLE IF NOT EXISTS sequences (
  id TEXT PRIMARY KEY,
  context TEXT NOT NULL,
  project TEXT NOT NULL,
  stage TEXT NOT NULL,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  active INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  triggered_at INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sequences_active ON sequences(active) WHERE active = 1;
CREATE INDEX IF NOT EXISTS ix_sequences_context ON sequences(context, ord);

CREATE TABLE IF NOT EXISTS contexts (
  context TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  service TEXT NOT NULL,
  time INTEGER NOT NULL,
  ord INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contexts_project ON contexts(project, ord);

CREATE TABLE IF NOT EXISTS open_tasks (
  triggeredid TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  project TEXT,
  stage TEXT,
  service TEXT,
  event_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_open_tasks_type ON open_tasks(type, project, stage, service);

CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS projects (
  name TEXT PRIMARY KEY,
  created INTEGER NOT NULL,
  json TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS services (
  project TEXT NOT NULL,
  stage TEXT NOT NULL,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (project, stage, name)
);

CREATE TABLE IF NOT EXISTS resources (
  project TEXT NOT NULL,
  stage TEXT NOT NULL,
  service TEXT NOT NULL,
  uri TEXT NOT NULL,
  version INTEGER NOT NULL,
  content BLOB,
  created INTEGER NOT NULL,
  PRIMARY KEY (project, stage, service, uri, version)
);

CREATE TABLE IF NOT EXISTS integrations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lastseen INTEGER NOT NULL,
  json TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS logs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  integrationid TEXT NOT NULL,
  time INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_logs_integration ON logs(integrationid, seq);

-- Secrets for webhooks (envFrom): the values are sealed by the server (AES-GCM) before they reach this table.
CREATE TABLE IF NOT EXISTS secrets (
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  keys TEXT NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (name, scope)
);

-- Per-project settings that Keptn kept outside its config repository (the lighthouse's SLI provider).
CREATE TABLE IF NOT EXISTS project_settings (
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (project, name)
);
