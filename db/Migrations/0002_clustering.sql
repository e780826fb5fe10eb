-- Cluster membership: one version row per cluster, one row per silo incarnation.
-- Every membership change bumps the version row in the same statement, so two silos racing on the
-- table cannot both win (the providers' optimistic protocol).
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Bumps the cluster's version if it is still the expected one; true when it did.
CREATE OR REPLACE FUNCTION caseengine_bump_membership_version(deployment varchar, expected integer)
RETURNS boolean LANGUAGE sql AS $$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = deployment AND Version = expected
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);
$$;

CREATE OR REPLACE FUNCTION caseengine_insert_membership(
    deployment varchar, address_arg varchar, port_arg integer, generation_arg integer,
    silo_name varchar, host_name varchar, status_arg integer, proxy_port integer, suspect_times varchar,
    start_time timestamptz, i_am_alive timestamptz, expected_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF NOT caseengine_bump_membership_version(deployment, expected_version) THEN
        RETURN 0;
    END IF;
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime)
    VALUES
        (deployment, address_arg, port_arg, generation_arg, silo_name, host_name, status_arg, proxy_port, suspect_times, start_time, i_am_alive)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        -- The silo is already there: undo the version bump with the rest of the statement.
        RAISE EXCEPTION USING ERRCODE = 'unique_violation';
    END IF;
    RETURN 1;
EXCEPTION WHEN unique_violation THEN
    RETURN 0;
END;
$$;

CREATE OR REPLACE FUNCTION caseengine_update_membership(
    deployment varchar, address_arg varchar, port_arg integer, generation_arg integer,
    status_arg integer, suspect_times varchar, i_am_alive timestamptz, expected_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF NOT caseengine_bump_membership_version(deployment, expected_version) THEN
        RETURN 0;
    END IF;
    UPDATE OrleansMembershipTable
    SET Status = status_arg, SuspectTimes = suspect_times, IAmAliveTime = i_am_alive
    WHERE DeploymentId = deployment AND Address = address_arg AND Port = port_arg AND Generation = generation_arg;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found';
    END IF;
    RETURN 1;
EXCEPTION WHEN no_data_found THEN
    RETURN 0;
END;
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted;'),
('InsertMembershipKey', '
    SELECT caseengine_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime, @Version);'),
('UpdateMembershipKey', '
    SELECT caseengine_update_membership(@DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);'),
('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),
-- Dead silos (status 6) that stopped heart-beating before the cut-off and are suspected by nobody.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6 AND SuspectTimes IS NULL
      AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime;'),
-- One dead row, deleted only if it is still exactly as the caller saw it.
('CleanupDefunctSiloEntryKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
      AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
