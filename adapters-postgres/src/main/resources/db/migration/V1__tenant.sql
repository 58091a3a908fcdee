-- A tenant: one utility customer and the client system its readings are synced with.
CREATE TABLE tenant (
    tenant_id          TEXT        PRIMARY KEY
                                   CHECK (tenant_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    name               TEXT        NOT NULL,
    client_system_kind TEXT        NOT NULL DEFAULT 'reference-rest',
    client_system_url  TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
