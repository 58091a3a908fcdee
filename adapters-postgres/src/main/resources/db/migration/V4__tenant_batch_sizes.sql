-- Per-tenant batch sizes (seed task 1). Idempotent: safe on a database that already has them.
ALTER TABLE tenant ADD COLUMN IF NOT EXISTS download_batch_size INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE tenant ADD COLUMN IF NOT EXISTS upload_batch_size INTEGER NOT NULL DEFAULT 100;
