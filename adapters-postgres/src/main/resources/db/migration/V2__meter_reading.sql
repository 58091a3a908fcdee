-- Meter readings, local and downloaded, with their sync state.
CREATE TABLE meter_reading (
    tenant_id        TEXT        NOT NULL REFERENCES tenant (tenant_id),
    meter_reading_id TEXT        NOT NULL CHECK (length(meter_reading_id) BETWEEN 1 AND 128),
    -- Order of arrival in the backlog: upload drains oldest first by it.
    backlog_position BIGINT      GENERATED ALWAYS AS IDENTITY,
    meter_id         TEXT        NOT NULL CHECK (length(meter_id) BETWEEN 1 AND 128),
    taken_at         TIMESTAMPTZ NOT NULL,
    value            NUMERIC     NOT NULL,
    unit             TEXT        NOT NULL CHECK (length(unit) <= 32),
    is_synchronized  BOOLEAN     NOT NULL DEFAULT FALSE,
    sync_status      TEXT        NOT NULL DEFAULT 'pending'
                                 CHECK (sync_status IN ('pending', 'synchronized', 'failed')),
    upload_attempts  INTEGER     NOT NULL DEFAULT 0 CHECK (upload_attempts >= 0),
    last_error       TEXT,
    last_attempt_at  TIMESTAMPTZ,
    synchronized_at  TIMESTAMPTZ,
    -- Bumped by every local change of the reading's data; guards the mark after upload.
    version          BIGINT      NOT NULL DEFAULT 1,
    origin           TEXT        NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'downloaded')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, meter_reading_id),
    CONSTRAINT meter_reading_flag_matches_status
        CHECK (is_synchronized = (sync_status = 'synchronized'))
);

-- The backlog: the oldest pending readings of one tenant.
CREATE INDEX meter_reading_backlog
    ON meter_reading (tenant_id, backlog_position)
    WHERE sync_status = 'pending';

-- A local edit of a reading's data makes it a new version that must be uploaded again.
CREATE FUNCTION meter_reading_bump_version() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF (NEW.meter_id, NEW.taken_at, NEW.value, NEW.unit)
        IS DISTINCT FROM (OLD.meter_id, OLD.taken_at, OLD.value, OLD.unit) THEN
        NEW.version := OLD.version + 1;
        NEW.is_synchronized := FALSE;
        NEW.sync_status := 'pending';
        NEW.upload_attempts := 0;
        NEW.last_error := NULL;
        NEW.synchronized_at := NULL;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER meter_reading_bump_version
    BEFORE UPDATE ON meter_reading
    FOR EACH ROW
EXECUTE FUNCTION meter_reading_bump_version();
