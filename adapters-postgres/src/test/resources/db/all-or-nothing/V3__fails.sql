-- Fails: the column does not exist.
UPDATE first_table SET no_such_column = 2;
