-- Statistics for leaders: what the read side keeps of each dossier so that on-time statistics, working time to the
-- result, the counter board's buckets and citizens' ratings are counted without activating a dossier grain.
-- All of it comes from the dossier's stored state, written by the same trigger in the same transaction:
--   received_at   when the dossier was received (the Receive step, always the second step of the history)
--   received_by   the counter officer who received it: statistics per officer count the dossiers they received
--   sla_rule      the deadline rule applied at reception: 0 fast-track, 1 standard
--   completed_at  when the result became ready (the clock stopped)
--   outcome       early (0), on time (1) or late (2) against the legal deadline, waiting time excluded, as judged
--                 and stored by the engine when the result became ready
--   waiting_time  working time spent waiting for the citizen (supplements, payments)
--   satisfaction  the citizen's rating: 1 satisfied, 2 neutral, 3 dissatisfied; rated_at when it was given
-- Working time from reception to result depends on each office's calendar (hours, holidays, make-up days), so it is
-- worked out when statistics are read, from received_at, completed_at and waiting_time.
-- The script can run again: every step is idempotent. The trigger reads the state with plain expressions only: an SQL
-- function that cannot be inlined is parsed and planned again each time the statement calling it runs.
ALTER TABLE dossier_index
    ADD COLUMN IF NOT EXISTS received_at  timestamptz NULL,
    ADD COLUMN IF NOT EXISTS received_by  text        NULL,
    ADD COLUMN IF NOT EXISTS sla_rule     smallint    NULL,
    ADD COLUMN IF NOT EXISTS completed_at timestamptz NULL,
    ADD COLUMN IF NOT EXISTS outcome      smallint    NULL,
    ADD COLUMN IF NOT EXISTS waiting_time interval    NOT NULL DEFAULT '0',
    ADD COLUMN IF NOT EXISTS satisfaction smallint    NULL,
    ADD COLUMN IF NOT EXISTS rated_at     timestamptz NULL;

-- A period's statistics read the dossiers received, resolved or rated in it. Those happen in that order, so each such
-- dossier's latest of the three falls in the period or after it; dossiers never received are left out.
CREATE INDEX IF NOT EXISTS ix_dossier_index_statistics
    ON dossier_index (office_code, (coalesce(rated_at, completed_at, received_at)))
    WHERE received_at IS NOT NULL;

CREATE OR REPLACE FUNCTION caseengine_index_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d jsonb;
    channel smallint;
    known integer;
    reception jsonb;
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

    -- Reception is the step after creation, or there is none (a draft, or a draft refused or withdrawn).
    reception := d #> '{History,1}';
    IF reception ->> 'Kind' IS DISTINCT FROM 'Receive' THEN
        reception := NULL;
    END IF;

    INSERT INTO dossier_index AS i
        (code, office_code, procedure_code, status, holder, created_at, nearly_late_at, due_at, overdue_at,
         paused_since, history_length, state_version, updated_at,
         received_at, received_by, sla_rule, completed_at, outcome, waiting_time, satisfaction, rated_at)
    VALUES
        (d ->> 'Code', d ->> 'OfficeCode', d ->> 'ProcedureCode', (d ->> 'Status')::smallint, d ->> 'Holder',
         (d ->> 'CreatedAt')::timestamptz,
         (d #>> '{Sla,Deadline,NearlyLateAt}')::timestamptz,
         (d #>> '{Sla,Deadline,DueAt}')::timestamptz,
         (d #>> '{Sla,Deadline,OverdueAt}')::timestamptz,
         (d #>> '{Pause,Since}')::timestamptz,
         coalesce(jsonb_array_length(d -> 'History'), 0), NEW.Version, now(),
         (reception ->> 'At')::timestamptz,
         reception ->> 'Actor',
         CASE WHEN d ? 'Sla' THEN coalesce((d #>> '{Sla,Rule}')::smallint, 0) END,
         (d ->> 'CompletedAt')::timestamptz,
         (d ->> 'Outcome')::smallint,
         -- A TimeSpan as System.Text.Json writes it, [d.]hh:mm:ss[.fffffff]: the day separator becomes a space.
         coalesce(regexp_replace(d ->> 'WaitingTime', '^(\d+)\.(\d\d:)', '\1 \2')::interval, interval '0'),
         (d #>> '{Rating,Satisfaction}')::smallint,
         (d #>> '{Rating,At}')::timestamptz)
    ON CONFLICT (code) DO UPDATE SET
        status = excluded.status, holder = excluded.holder, nearly_late_at = excluded.nearly_late_at,
        due_at = excluded.due_at, overdue_at = excluded.overdue_at, paused_since = excluded.paused_since,
        history_length = excluded.history_length, state_version = excluded.state_version, updated_at = excluded.updated_at,
        received_at = excluded.received_at, received_by = excluded.received_by, sla_rule = excluded.sla_rule,
        completed_at = excluded.completed_at, outcome = excluded.outcome, waiting_time = excluded.waiting_time,
        satisfaction = excluded.satisfaction, rated_at = excluded.rated_at;
    RETURN NULL;
END;
$$;

-- Rows written before this script: the same values from each dossier's stored state.
UPDATE dossier_index AS i
SET received_at  = (s.reception ->> 'At')::timestamptz,
    received_by  = s.reception ->> 'Actor',
    sla_rule     = CASE WHEN s.d ? 'Sla' THEN coalesce((s.d #>> '{Sla,Rule}')::smallint, 0) END,
    completed_at = (s.d ->> 'CompletedAt')::timestamptz,
    outcome      = (s.d ->> 'Outcome')::smallint,
    waiting_time = coalesce(regexp_replace(s.d ->> 'WaitingTime', '^(\d+)\.(\d\d:)', '\1 \2')::interval, interval '0'),
    satisfaction = (s.d #>> '{Rating,Satisfaction}')::smallint,
    rated_at     = (s.d #>> '{Rating,At}')::timestamptz
FROM (
    SELECT state.d,
           CASE WHEN state.d #>> '{History,1,Kind}' = 'Receive' THEN state.d #> '{History,1}' END AS reception
    FROM (
        SELECT convert_from(PayloadBinary, 'UTF8')::jsonb AS d
        FROM OrleansStorage
        WHERE GrainTypeString = 'dossier' AND PayloadBinary IS NOT NULL
    ) AS state
) AS s
WHERE i.code = s.d ->> 'Code';
