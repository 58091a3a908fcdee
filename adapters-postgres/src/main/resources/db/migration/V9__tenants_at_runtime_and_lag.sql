-- Tenants that come and go at runtime, cursors that know whom they belong to, and lag figures.
-- Idempotent: safe on a database that already has any of it.

-- A disabled tenant keeps its data but is not synced.
ALTER TABLE tenant ADD COLUMN IF NOT EXISTS enabled BOOLEAN NOT NULL DEFAULT TRUE;

-- Where the client system's secret is: a reference, never the secret itself.
ALTER TABLE tenant ADD COLUMN IF NOT EXISTS client_system_credential TEXT
    CHECK (client_system_credential ~ '^(env|file):.+');

-- The kind and endpoint a cursor was written for: it is never sent to another client system.
ALTER TABLE download_cursor ADD COLUMN IF NOT EXISTS client_system_kind TEXT;
ALTER TABLE download_cursor ADD COLUMN IF NOT EXISTS client_system_endpoint TEXT;

-- Cursors written before now belong to the client system the tenant row names.
UPDATE download_cursor c
   SET client_system_kind = t.client_system_kind,
       client_system_endpoint = t.client_system_url
  FROM tenant t
 WHERE t.tenant_id = c.tenant_id
   AND c.client_system_kind IS NULL
   AND t.client_system_url IS NOT NULL;

-- When an upload or download pass last finished without a failure.
ALTER TABLE tenant_sync_state ADD COLUMN IF NOT EXISTS last_successful_upload_at TIMESTAMPTZ;
ALTER TABLE tenant_sync_state ADD COLUMN IF NOT EXISTS last_successful_download_at TIMESTAMPTZ;
