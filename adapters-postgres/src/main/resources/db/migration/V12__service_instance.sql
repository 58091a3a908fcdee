-- The service instances sharing this database, each registered until expires_at unless it renews
-- its row: the instances divide the enabled tenants among those registered (decision 0011).
CREATE TABLE service_instance (
    instance_id   TEXT        PRIMARY KEY,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    expires_at    TIMESTAMPTZ NOT NULL
);
