-- Tokens with roles and the audit trail (DESIGN §8). A token is kept as the SHA-256 of its value only.
CREATE TABLE tokens (
    name text PRIMARY KEY,
    role text NOT NULL,
    projects text,
    hash bytea NOT NULL UNIQUE,
    created bigint NOT NULL
);
CREATE TABLE audit (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time bigint NOT NULL,
    token text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    project text
);
CREATE INDEX audit_by_time ON audit (time);
CREATE INDEX audit_by_project ON audit (project, time);
