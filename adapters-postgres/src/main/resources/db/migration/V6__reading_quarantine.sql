-- Readings a client system sent that could not be taken, kept for an operator with the reason.
CREATE TABLE reading_quarantine (
    quarantine_id    BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        TEXT        NOT NULL REFERENCES tenant (tenant_id),
    meter_reading_id TEXT,
    payload          TEXT        NOT NULL,
    reason           TEXT        NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX reading_quarantine_tenant ON reading_quarantine (tenant_id, received_at);
