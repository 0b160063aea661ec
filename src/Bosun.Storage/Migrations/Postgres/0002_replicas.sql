-- What several replicas on one database need (docs/architecture.md): scope rows to lock, each with a version that
-- every commit changing the scope raises; timers as rows (sequences.due_at); lease rows for the singletons; and the
-- versions of the catalog (projects, services, shipyards) and of the resources, which the triggers below raise.
CREATE SEQUENCE scope_versions;

CREATE TABLE scopes (
  project text NOT NULL,
  service text NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (project, service)
);

ALTER TABLE sequences ADD COLUMN due_at bigint;
CREATE INDEX ix_sequences_due ON sequences (due_at) WHERE active = 1 AND due_at IS NOT NULL;
CREATE INDEX ix_sequences_scope ON sequences (project, service) WHERE active = 1;

CREATE TABLE leases (
  name text PRIMARY KEY,
  owner text NOT NULL,
  epoch bigint NOT NULL,
  lease_until bigint NOT NULL
);

CREATE TABLE store_versions (
  name text PRIMARY KEY,
  version bigint NOT NULL
);
INSERT INTO store_versions (name, version) VALUES ('catalog', 1), ('resources', 1);

CREATE FUNCTION bosun_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE store_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END
$$;

CREATE TRIGGER projects_catalog AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION bosun_bump_version('catalog');
CREATE TRIGGER services_catalog AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION bosun_bump_version('catalog');
CREATE TRIGGER resources_version AFTER INSERT OR UPDATE OR DELETE ON resources
  FOR EACH STATEMENT EXECUTE FUNCTION bosun_bump_version('resources');
-- A project's shipyard is part of the catalog.
CREATE TRIGGER resources_shipyard AFTER INSERT ON resources
  FOR EACH ROW WHEN (NEW.uri = 'shipyard.yaml' AND NEW.stage = '' AND NEW.service = '')
  EXECUTE FUNCTION bosun_bump_version('catalog');
