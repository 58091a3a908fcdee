INSERT INTO first_table (id) VALUES (1);
