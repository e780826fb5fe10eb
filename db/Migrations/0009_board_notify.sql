-- Lobby boards: each change of a dossier's row in the read side that a board shows (status, deadlines, pause, a new
-- step in its history, such as a deadline event) notifies channel caseengine_dossier_changed with the office code.
-- PostgreSQL delivers a notification when the writing transaction commits, to every session listening, so each API
-- process (one listening connection each) learns of the changes of every silo, never before they are stored; the
-- same notice sent twice in one transaction is delivered once. A trigger of its own on dossier_index, so that the
-- dossier trigger (caseengine_index_dossier) stays as it is.
CREATE OR REPLACE FUNCTION caseengine_notify_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('caseengine_dossier_changed', OLD.office_code);
    ELSE
        PERFORM pg_notify('caseengine_dossier_changed', NEW.office_code);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS dossier_index_notify_on_insert_or_delete ON dossier_index;
CREATE TRIGGER dossier_index_notify_on_insert_or_delete
    AFTER INSERT OR DELETE ON dossier_index
    FOR EACH ROW EXECUTE FUNCTION caseengine_notify_dossier_changed();

DROP TRIGGER IF EXISTS dossier_index_notify_on_update ON dossier_index;
CREATE TRIGGER dossier_index_notify_on_update
    AFTER UPDATE ON dossier_index
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.history_length IS DISTINCT FROM NEW.history_length
          OR OLD.nearly_late_at IS DISTINCT FROM NEW.nearly_late_at
          OR OLD.due_at IS DISTINCT FROM NEW.due_at
          OR OLD.paused_since IS DISTINCT FROM NEW.paused_since
          OR OLD.office_code IS DISTINCT FROM NEW.office_code)
    EXECUTE FUNCTION caseengine_notify_dossier_changed();
