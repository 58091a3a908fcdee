-- Who syncs each tenant: a lease held by one service instance until it expires, renewed by single
-- statements (no session state, so it works through a transaction pooler). Every take draws a new
-- token; a cycle's writes apply only while the lease still has its token (decision 0009).
CREATE SEQUENCE tenant_lease_token;

CREATE TABLE tenant_lease (
    tenant_id  TEXT        PRIMARY KEY REFERENCES tenant (tenant_id) ON DELETE CASCADE,
    holder     TEXT        NOT NULL,
    -- Unique, so a take changes a key column: it then waits for the fenced writes of the holder
    -- before it (they lock the lease FOR KEY SHARE), while a renewal does not.
    token      BIGINT      NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL
);
