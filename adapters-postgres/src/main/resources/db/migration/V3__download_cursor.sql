-- Where each tenant's next download starts; written in the same transaction as the rows it covers.
CREATE TABLE download_cursor (
    tenant_id  TEXT        PRIMARY KEY REFERENCES tenant (tenant_id),
    cursor     TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
