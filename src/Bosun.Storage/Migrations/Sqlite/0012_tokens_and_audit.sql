-- Tokens with roles and the audit trail (DESIGN §8). A token is kept as the SHA-256 of its value only.
CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    projects TEXT,
    hash BLOB NOT NULL UNIQUE,
    created INTEGER NOT NULL
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
    token TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    project TEXT
);
CREATE INDEX audit_by_time ON audit (time);
CREATE INDEX audit_by_project ON audit (project, time);
