-- Why an unhappy citizen was unhappy (LONG_WAIT, ATTITUDE, UNCLEAR_GUIDANCE, OTHER), NULL when no reason was given.
-- Named V4 because another branch adds a V3; the two touch different columns.
ALTER TABLE tickets ADD COLUMN rating_reason VARCHAR(24);
