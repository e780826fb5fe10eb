-- Grain state, one row per grain and state name. The payload is the state as UTF-8 JSON.
-- Optimistic concurrency: a write names the version it read; a write that finds another version, or an
-- insert that finds a row already there, changes nothing and returns the old version, which the provider
-- reports as an inconsistent-state conflict.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              varchar(150) NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainIdExtensionString varchar(512) NOT NULL DEFAULT '',
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

CREATE OR REPLACE FUNCTION caseengine_write_grain_state(
    service varchar, grain_type varchar, type_hash integer, id_hash integer, n0 bigint, n1 bigint,
    extension varchar, expected_version integer, payload bytea)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    written integer;
BEGIN
    IF expected_version IS NULL THEN
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version)
        VALUES (service, grain_type, type_hash, id_hash, n0, n1, coalesce(extension, ''), payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO written;
    ELSE
        UPDATE OrleansStorage
        SET PayloadBinary = payload, ModifiedOn = now(), Version = Version + 1
        WHERE ServiceId = service AND GrainTypeString = grain_type AND GrainIdN0 = n0 AND GrainIdN1 = n1
          AND GrainIdExtensionString = coalesce(extension, '') AND Version = expected_version
        RETURNING Version INTO written;
    END IF;
    RETURN coalesce(written, expected_version);
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT caseengine_write_grain_state(@ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash,
        @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion;'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, now() AS ReadAt, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''');'),
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''')
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'),
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1 AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '''')
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
