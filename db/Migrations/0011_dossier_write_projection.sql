-- Each dossier write carries its projection, worked out by the engine (CaseEngine.Domain.Dossiers.DossierProjection):
-- the read side's row, the portal updates the write owes and whether the lobby boards must look again. The payload
-- Orleans hands the write query is that projection as one line of JSON whose names are the columns it fills, a line
-- feed, then the state's JSON (silo/Storage/DossierRecordSerializer.cs). The write query stores the state alone and, when the
-- state was written (its version matched), copies the projection into dossier_index and portal_outbox and notifies the
-- boards, all in the provider's one statement and transaction. Nothing about a dossier is worked out here any more:
-- the trigger that read the state's JSON (0005, 0007, 0008, 0010) and the notify trigger on dossier_index (0009) go.
-- Rows written before keep their read-side rows as the trigger made them; states stored before read as they were.

-- The idempotency key of the create that made each dossier: a create retried after its office's activation changed
-- finds the code it got (grains/Grains/OfficeGrain.cs). Copied for the last two days' dossiers, as stored.
ALTER TABLE dossier_index ADD COLUMN IF NOT EXISTS creation_key varchar(100) NULL;
UPDATE dossier_index i
SET creation_key = convert_from(s.PayloadBinary, 'UTF8')::jsonb #>> '{History,0,IdempotencyKey}'
FROM OrleansStorage s
WHERE s.GrainTypeString = 'dossier' AND s.GrainIdExtensionString = i.code AND s.PayloadBinary IS NOT NULL
  AND i.created_at >= now() - interval '2 days' AND i.creation_key IS NULL;

DROP TRIGGER IF EXISTS dossier_index_on_write ON OrleansStorage;
DROP TRIGGER IF EXISTS dossier_index_on_delete ON OrleansStorage;
DROP FUNCTION IF EXISTS caseengine_index_dossier();
DROP TRIGGER IF EXISTS dossier_index_notify_on_insert_or_delete ON dossier_index;
DROP TRIGGER IF EXISTS dossier_index_notify_on_update ON dossier_index;
DROP FUNCTION IF EXISTS caseengine_notify_dossier_changed();

-- Most steps change only columns no index reads (status, holder, deadlines, history length), so their row update can
-- be HOT (no index entry written) when its page has room: listing by status uses the office's index by creation time.
DROP INDEX IF EXISTS ix_dossier_index_office_status;
ALTER TABLE dossier_index SET (fillfactor = 70);
-- A dossier's state is 2–4 KB: with half of each page left free, its next version usually fits beside it (HOT).
ALTER TABLE OrleansStorage SET (fillfactor = 50);

CREATE OR REPLACE FUNCTION caseengine_write_grain_state(
    service varchar, grain_type varchar, type_hash integer, id_hash integer, n0 bigint, n1 bigint,
    extension varchar, expected_version integer, payload bytea)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    written integer;
    line integer;
    projection jsonb;
    state bytea := payload;
BEGIN
    IF grain_type = 'dossier' THEN
        line := position('\x0a'::bytea IN payload);
        IF line > 0 THEN
            projection := convert_from(substring(payload FROM 1 FOR line - 1), 'UTF8')::jsonb;
            state := substring(payload FROM line + 1);
            IF (projection ->> 'format') IS DISTINCT FROM '1' THEN
                RAISE EXCEPTION 'dossier write format % is not known to this database; migrate it', projection ->> 'format';
            END IF;
        END IF;
    END IF;

    IF expected_version IS NULL THEN
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version)
        VALUES (service, grain_type, type_hash, id_hash, n0, n1, coalesce(extension, ''), state, 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO written;
    ELSE
        UPDATE OrleansStorage
        SET PayloadBinary = state, ModifiedOn = now(), Version = Version + 1
        WHERE ServiceId = service AND GrainTypeString = grain_type AND GrainIdN0 = n0 AND GrainIdN1 = n1
          AND GrainIdExtensionString = coalesce(extension, '') AND Version = expected_version
        RETURNING Version INTO written;
    END IF;

    IF written IS NOT NULL AND projection IS NOT NULL THEN
        INSERT INTO dossier_index AS i
            (code, office_code, procedure_code, status, holder, created_at, nearly_late_at, due_at, overdue_at,
             paused_since, history_length, received_at, received_by, sla_rule, completed_at, outcome, waiting_time,
             satisfaction, rated_at, creation_key, state_version, updated_at)
        SELECT r.code, r.office_code, r.procedure_code, r.status, r.holder, r.created_at, r.nearly_late_at, r.due_at,
               r.overdue_at, r.paused_since, r.history_length, r.received_at, r.received_by, r.sla_rule, r.completed_at,
               r.outcome, r.waiting_time, r.satisfaction, r.rated_at, r.creation_key, written, now()
        FROM jsonb_populate_record(NULL::dossier_index, projection -> 'row') AS r
        ON CONFLICT (code) DO UPDATE SET
            status = excluded.status, holder = excluded.holder, nearly_late_at = excluded.nearly_late_at,
            due_at = excluded.due_at, overdue_at = excluded.overdue_at, paused_since = excluded.paused_since,
            history_length = excluded.history_length, received_at = excluded.received_at,
            received_by = excluded.received_by, sla_rule = excluded.sla_rule, completed_at = excluded.completed_at,
            outcome = excluded.outcome, waiting_time = excluded.waiting_time, satisfaction = excluded.satisfaction,
            rated_at = excluded.rated_at, creation_key = excluded.creation_key, state_version = excluded.state_version,
            updated_at = excluded.updated_at;

        IF jsonb_array_length(projection -> 'portal_updates') > 0 THEN
            INSERT INTO portal_outbox
                (portal, portal_dossier_id, dossier_code, office_code, procedure_code, sequence, kind, status, at,
                 handler, note, due_at)
            SELECT u.portal, u.portal_dossier_id, u.dossier_code, u.office_code, u.procedure_code, u.sequence, u.kind,
                   u.status, u.at, u.handler, u.note, u.due_at
            FROM jsonb_populate_recordset(NULL::portal_outbox, projection -> 'portal_updates') AS u
            ORDER BY u.sequence
            ON CONFLICT (dossier_code, sequence) DO NOTHING;
        END IF;

        -- Delivered when the transaction commits, to every listening API process; the same notice twice, once.
        IF (projection ->> 'notify_board')::boolean THEN
            PERFORM pg_notify('caseengine_dossier_changed', projection #>> '{row,office_code}');
        END IF;
    END IF;

    RETURN coalesce(written, expected_version);
END;
$$;

-- A dossier is never cleared or deleted by the engine; if one were, its read-side row would go with it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ClearStorageKey', '
    WITH cleared AS (
        UPDATE OrleansStorage
        SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
        WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString AND GrainIdN0 = @GrainIdN0
          AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''')
          AND Version = @GrainStateVersion
        RETURNING Version, GrainTypeString, GrainIdExtensionString),
    unlisted AS (
        DELETE FROM dossier_index
        WHERE code IN (SELECT GrainIdExtensionString FROM cleared WHERE GrainTypeString = ''dossier''))
    SELECT Version AS NewGrainStateVersion FROM cleared;'),
('DeleteStorageKey', '
    WITH deleted AS (
        DELETE FROM OrleansStorage
        WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString AND GrainIdN0 = @GrainIdN0
          AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''')
          AND Version = @GrainStateVersion
        RETURNING Version, GrainTypeString, GrainIdExtensionString),
    unlisted AS (
        DELETE FROM dossier_index
        WHERE code IN (SELECT GrainIdExtensionString FROM deleted WHERE GrainTypeString = ''dossier''))
    SELECT Version + 1 AS NewGrainStateVersion FROM deleted;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
