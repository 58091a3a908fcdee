-- Applies on its own; must not stay applied when a later migration of the same run fails.
CREATE TABLE first_table (id INT PRIMARY KEY);
