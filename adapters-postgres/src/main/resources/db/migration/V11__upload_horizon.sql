-- The highest backlog position each tenant's upload has sent (decision 0012). Raised, and committed,
-- before the client system is called; pending readings at or below it are "in doubt": the client
-- system may hold them already, so only those need an adapter's check before a re-send.
CREATE TABLE IF NOT EXISTS tenant_upload_horizon (
    tenant_id    TEXT   PRIMARY KEY REFERENCES tenant (tenant_id) ON DELETE CASCADE,
    sent_through BIGINT NOT NULL CHECK (sent_through >= 0)
);

-- Before this table, any reading stored may have been sent (or synchronized and later edited):
-- all of them start in doubt, so the first uploads after the upgrade check as every upload did.
INSERT INTO tenant_upload_horizon (tenant_id, sent_through)
SELECT tenant_id, max(backlog_position)
FROM meter_reading
GROUP BY tenant_id
ON CONFLICT (tenant_id) DO NOTHING;
