-- Secrets every node of a cluster must share (the login-token key), made once by the first node that needs one.
-- Unused by a single SQLite node, which keeps its secret in its data folder; plain SQL, the same on both databases.
CREATE TABLE cluster_secrets (
  name   VARCHAR(64)  NOT NULL PRIMARY KEY,
  value  VARCHAR(256) NOT NULL
);
