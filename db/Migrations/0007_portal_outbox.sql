-- The portal outbox: every status change of a dossier that came from a portal, to be delivered to that portal in
-- order. The dossier trigger writes it in the same transaction as the dossier's state, so a change is never stored
-- without its update nor an update without its change; the portal dispatcher (one grain per portal) delivers it.
CREATE TABLE IF NOT EXISTS portal_outbox
(
    id                bigserial    PRIMARY KEY,
    portal            smallint     NOT NULL,   -- the dossier's channel: 1 national portal, 2 city portal
    portal_dossier_id varchar(64)  NOT NULL,   -- the portal's own id of the dossier (MaHoSo)
    dossier_code      varchar(32)  NOT NULL,
    office_code       varchar(16)  NOT NULL,
    procedure_code    varchar(64)  NOT NULL,
    sequence          integer      NOT NULL,   -- the step's place in the dossier's history
    kind              varchar(64)  NOT NULL,   -- the step: Receive, Refuse, Forward, …
    status            smallint     NOT NULL,   -- the dossier's status after the step (engine numbers)
    at                timestamptz  NOT NULL,
    handler           text         NULL,       -- who holds the dossier after the step
    note              text         NULL,       -- the reason or note given with the step
    due_at            timestamptz  NULL,       -- the due time in force after the step
    attempts          integer      NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz  NOT NULL DEFAULT '-infinity',
    last_error        text         NULL,
    delivered_at      timestamptz  NULL,
    dead_at           timestamptz  NULL,       -- the portal refused it: it waits for an administrator
    created_at        timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (dossier_code, sequence)
);

-- What is still to deliver, per portal, oldest first; and each dossier's queue.
CREATE INDEX IF NOT EXISTS ix_portal_outbox_pending ON portal_outbox (portal, id) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_portal_outbox_dossier ON portal_outbox (dossier_code, id) WHERE delivered_at IS NULL;

CREATE OR REPLACE FUNCTION caseengine_index_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d jsonb;
    channel smallint;
    known integer;
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

    -- A portal's dossier: the steps that changed its status since the last write go to the outbox. The index row
    -- (about to be updated) knows how many steps the previous write had.
    channel := coalesce((d ->> 'Channel')::smallint, 0);
    IF channel <> 0 AND d ->> 'PortalDossierId' IS NOT NULL THEN
        SELECT history_length INTO known FROM dossier_index WHERE code = d ->> 'Code';
        INSERT INTO portal_outbox
            (portal, portal_dossier_id, dossier_code, office_code, procedure_code, sequence, kind, status, at, handler,
             note, due_at)
        SELECT channel, d ->> 'PortalDossierId', d ->> 'Code', d ->> 'OfficeCode', d ->> 'ProcedureCode',
               step.n::integer, step.e ->> 'Kind', (step.e ->> 'To')::smallint, (step.e ->> 'At')::timestamptz,
               step.e ->> 'HandOverTo', step.e ->> 'Note', (d #>> '{Sla,Deadline,DueAt}')::timestamptz
        FROM jsonb_array_elements(d -> 'History') WITH ORDINALITY AS step(e, n)
        WHERE step.n > coalesce(known, 1)
          AND coalesce((step.e ->> 'From')::smallint, 0) <> coalesce((step.e ->> 'To')::smallint, 0)
        ORDER BY step.n
        ON CONFLICT (dossier_code, sequence) DO NOTHING;
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
