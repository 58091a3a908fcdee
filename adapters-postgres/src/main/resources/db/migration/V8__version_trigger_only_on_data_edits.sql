-- Fire the version trigger only when a reading's data changes: the upload's status updates touch
-- every row of a batch and need no PL/pgSQL call per row. The function itself is unchanged.
DROP TRIGGER meter_reading_bump_version ON meter_reading;

CREATE TRIGGER meter_reading_bump_version
    BEFORE UPDATE ON meter_reading
    FOR EACH ROW
    WHEN ((NEW.meter_id, NEW.taken_at, NEW.value, NEW.unit)
          IS DISTINCT FROM (OLD.meter_id, OLD.taken_at, OLD.value, OLD.unit))
EXECUTE FUNCTION meter_reading_bump_version();
