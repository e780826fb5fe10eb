-- The read side: one row per dossier with what listing and counting need, written by a trigger in the same
-- transaction as the dossier grain's state. After a crash it is therefore exactly as current as the stored state.
-- The state is plain JSON (no type names) of CaseEngine.Domain.Dossiers.DossierState; statuses are its numbers.
CREATE TABLE IF NOT EXISTS dossier_index
(
    code           varchar(32)  NOT NULL PRIMARY KEY,
    office_code    varchar(16)  NOT NULL,
    procedure_code varchar(64)  NOT NULL,
    status         smallint     NOT NULL,
    holder         text         NULL,
    created_at     timestamptz  NOT NULL,
    nearly_late_at timestamptz  NULL,
    due_at         timestamptz  NULL,
    overdue_at     timestamptz  NULL,
    paused_since   timestamptz  NULL,
    history_length integer      NOT NULL,
    state_version  integer      NOT NULL,
    updated_at     timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS ix_dossier_index_office_created ON dossier_index (office_code, created_at DESC, code DESC);
CREATE INDEX IF NOT EXISTS ix_dossier_index_office_status ON dossier_index (office_code, status);
CREATE INDEX IF NOT EXISTS ix_dossier_index_office_procedure ON dossier_index (office_code, procedure_code, created_at);

CREATE OR REPLACE FUNCTION caseengine_index_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM dossier_index WHERE code = OLD.GrainIdExtensionString;
        RETURN NULL;
    END IF;
    IF NEW.PayloadBinary IS NULL THEN
        DELETE FROM dossier_index WHERE code = NEW.GrainIdExtensionString;
        RETURN NULL;
    END IF;
    d := convert_from(NEW.PayloadBinary, 'UTF8')::jsonb;
    IF coalesce(d ->> 'Code', '') = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO dossier_index AS i
        (code, office_code, procedure_code, status, holder, created_at, nearly_late_at, due_at, overdue_at,
         paused_since, history_length, state_version, updated_at)
    VALUES
        (d ->> 'Code', d ->> 'OfficeCode', d ->> 'ProcedureCode', (d ->> 'Status')::smallint, d ->> 'Holder',
         (d ->> 'CreatedAt')::timestamptz,
         (d #>> '{Sla,Deadline,NearlyLateAt}')::timestamptz,
         (d #>> '{Sla,Deadline,DueAt}')::timestamptz,
         (d #>> '{Sla,Deadline,OverdueAt}')::timestamptz,
         (d #>> '{Pause,Since}')::timestamptz,
         coalesce(jsonb_array_length(d -> 'History'), 0), NEW.Version, now())
    ON CONFLICT (code) DO UPDATE SET
        status = excluded.status, holder = excluded.holder, nearly_late_at = excluded.nearly_late_at,
        due_at = excluded.due_at, overdue_at = excluded.overdue_at, paused_since = excluded.paused_since,
        history_length = excluded.history_length, state_version = excluded.state_version, updated_at = excluded.updated_at;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS dossier_index_on_write ON OrleansStorage;
CREATE TRIGGER dossier_index_on_write
    AFTER INSERT OR UPDATE OF PayloadBinary ON OrleansStorage
    FOR EACH ROW WHEN (NEW.GrainTypeString = 'dossier')
    EXECUTE FUNCTION caseengine_index_dossier();

DROP TRIGGER IF EXISTS dossier_index_on_delete ON OrleansStorage;
CREATE TRIGGER dossier_index_on_delete
    AFTER DELETE ON OrleansStorage
    FOR EACH ROW WHEN (OLD.GrainTypeString = 'dossier')
    EXECUTE FUNCTION caseengine_index_dossier();
