-- The reference data as administered (grains/Grains/Reference/ReferenceCatalog.cs): offices, procedures, holidays, the
-- rule set and the essential services, each version whole, in the files' own format, with when it applies from and
-- who saved it, when, why and on what basis. Versions are only added, never changed: the table is the audit trail.
CREATE TABLE IF NOT EXISTS reference_versions
(
    number         integer      NOT NULL PRIMARY KEY CHECK (number >= 1),
    effective_from timestamptz  NOT NULL,
    files          jsonb        NOT NULL,
    author         text         NOT NULL,
    saved_at       timestamptz  NOT NULL,
    reason         text         NOT NULL,
    basis          text         NULL,
    summary        text         NOT NULL
);
