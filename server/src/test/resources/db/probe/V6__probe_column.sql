-- PostgresJournalTest only: a migration after the real ones.
ALTER TABLE tickets ADD COLUMN probe INTEGER;
