-- The outcome of each tenant's last sync cycle, for operators (the tenants command, /health).
CREATE TABLE tenant_sync_state (
    tenant_id            TEXT        PRIMARY KEY REFERENCES tenant (tenant_id),
    last_cycle_at        TIMESTAMPTZ NOT NULL,
    last_outcome         TEXT        NOT NULL CHECK (last_outcome IN ('ok', 'failed')),
    last_error           TEXT,
    readings_uploaded    BIGINT      NOT NULL DEFAULT 0,
    readings_downloaded  BIGINT      NOT NULL DEFAULT 0,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0
);

-- Failed readings, for the operator's "failed list" and "failed retry".
CREATE INDEX meter_reading_failed
    ON meter_reading (tenant_id, backlog_position)
    WHERE sync_status = 'failed';
