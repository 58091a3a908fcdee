-- Tells every running service that a tenant changed, so its tenant cache drops the tenant at once.
CREATE FUNCTION tenant_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('tenant_changed', COALESCE(NEW.tenant_id, OLD.tenant_id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenant_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON tenant
    FOR EACH ROW
EXECUTE FUNCTION tenant_notify_change();
