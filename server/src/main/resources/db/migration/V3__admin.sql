-- Administration: settings that outlive the day, accounts, kiosks and the audit log. Portable SQL: the same file
-- runs on SQLite and PostgreSQL. Times are epoch milliseconds.

-- A center's settings as of each Event.SettingsChanged (its seq), written in the same transaction as the event.
-- An engine starts from the newest row before the first event it replays, since it replays only the current day.
CREATE TABLE center_settings (
  center  VARCHAR(64)  NOT NULL,
  seq     BIGINT       NOT NULL,
  at_ms   BIGINT       NOT NULL,
  actor   VARCHAR(64)  NOT NULL,
  body    TEXT         NOT NULL,
  PRIMARY KEY (center, seq)
);

-- Who may sign in. Seeded from the config file (or the demo accounts) for usernames not yet stored; after that the
-- stored row wins. center NULL: an admin of every center.
CREATE TABLE accounts (
  username       VARCHAR(64)  NOT NULL PRIMARY KEY,
  role           VARCHAR(16)  NOT NULL,
  center         VARCHAR(64),
  counter        VARCHAR(32),
  password_hash  VARCHAR(255) NOT NULL,
  display_name   VARCHAR(200),
  disabled       INTEGER      NOT NULL,
  created_at     BIGINT       NOT NULL,
  updated_at     BIGINT       NOT NULL
);

-- The kiosks whose print agents may receive jobs. Only a SHA-256 of the key is kept (keys are long and random).
CREATE TABLE kiosks (
  center      VARCHAR(64)  NOT NULL,
  id          VARCHAR(64)  NOT NULL,
  name        VARCHAR(200),
  key_hash    VARCHAR(64)  NOT NULL,
  disabled    INTEGER      NOT NULL,
  created_at  BIGINT       NOT NULL,
  updated_at  BIGINT       NOT NULL,
  PRIMARY KEY (center, id)
);

-- One row for every change: who, what, when. Written in the same transaction as the change. center NULL: a change
-- that is not one center's (an admin of every center).
CREATE TABLE audit_log (
  id       VARCHAR(40)  NOT NULL PRIMARY KEY,
  at_ms    BIGINT       NOT NULL,
  actor    VARCHAR(64)  NOT NULL,
  center   VARCHAR(64),
  action   VARCHAR(40)  NOT NULL,
  target   VARCHAR(80),
  detail   TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at_ms);
