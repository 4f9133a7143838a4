-- The append-only journal: one row per event. The key (center, seq) is what makes a second writer of seq N fail
-- instead of writing a duplicate.
CREATE TABLE events (
  center   VARCHAR(64)  NOT NULL,
  seq      BIGINT       NOT NULL,
  at_ms    BIGINT       NOT NULL,
  type     VARCHAR(40)  NOT NULL,
  payload  TEXT         NOT NULL,
  PRIMARY KEY (center, seq)
);
CREATE INDEX events_by_type ON events (center, type, seq);

-- The ticket projection reports read, updated in the same transaction as the events it comes from.
-- Times are epoch milliseconds; durations are milliseconds.
CREATE TABLE tickets (
  center            VARCHAR(64)  NOT NULL,
  id                VARCHAR(80)  NOT NULL,
  day               VARCHAR(10)  NOT NULL,
  number            VARCHAR(16)  NOT NULL,
  field             VARCHAR(16)  NOT NULL,
  priority          INTEGER      NOT NULL,
  priority_group    VARCHAR(16),
  purpose           VARCHAR(16),
  dossier_code      VARCHAR(64),
  kiosk             VARCHAR(64),
  granted_by        VARCHAR(64),
  track_token       VARCHAR(128) NOT NULL,
  idempotency_key   VARCHAR(128),
  status            VARCHAR(16)  NOT NULL,
  issued_at         BIGINT       NOT NULL,
  queued_at         BIGINT       NOT NULL,
  called_at         BIGINT,
  started_at        BIGINT,
  finished_at       BIGINT,
  counter           VARCHAR(32),
  clerk             VARCHAR(64),
  recalls           INTEGER      NOT NULL,
  outcome           VARCHAR(24),
  note              TEXT,
  transferred_from  VARCHAR(80),
  rating            INTEGER,
  wait_ms           BIGINT,
  service_ms        BIGINT,
  last_seq          BIGINT       NOT NULL,
  PRIMARY KEY (center, id)
);
-- A number is issued once per center and day; a transfer keeps the number on a new row that names its origin.
CREATE UNIQUE INDEX tickets_number_once ON tickets (center, day, number) WHERE transferred_from IS NULL;
CREATE INDEX tickets_by_day ON tickets (center, day);
CREATE INDEX tickets_by_track_token ON tickets (track_token);
