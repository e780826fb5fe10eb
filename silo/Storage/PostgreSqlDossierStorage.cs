using System.Globalization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// The dossiers' grain storage on PostgreSQL, with group commit (<see cref="GroupCommit"/>): the writes of all the
/// dossiers that write at about the same moment go to the database as one batch in one transaction. Each write is one
/// statement: the state, optimistically on its version, then, only if it was written, the read side's row (the
/// projection's columns as typed parameters), the portal's outbox rows and the boards' notice. The ADO.NET provider
/// pays a round trip and a commit for every single write, and with 32 dossiers in flight the commits, not the work in
/// them, were most of the database's time (<c>docs/benchmarks.md</c>). Same table, same rows and versions as the
/// provider's: a database written by either reads the same.
/// </summary>
/// <remarks>
/// A write that finds another version changes nothing and fails alone with <see cref="InconsistentStateException"/>,
/// like the provider's.
/// </remarks>
/// <param name="writes">The group commit shared with the reminders.</param>
/// <param name="cluster">The service id the rows belong to.</param>
public sealed class PostgreSqlDossierStorage(GroupCommit writes, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private const string ReadQuery = """
        SELECT PayloadBinary, Version FROM OrleansStorage
        WHERE ServiceId = $1 AND GrainTypeString = $2 AND GrainIdN0 = 0 AND GrainIdN1 = 0 AND GrainIdExtensionString = $3
        """;

    // A write without its projection (none is made by the engine today): the state alone, through the write function.
    private const string WriteQuery = "SELECT caseengine_write_grain_state($1, $2, $3, $4, 0, 0, $5, $6, $7)";

    // A write with its projection, in one statement: the state on its version, then, only if it was written, the
    // read side's row, the portal's outbox rows and the boards' notice. Parameters: $1–$20 the row's columns in
    // RowColumns' order, $21 the portal updates (JSON array, or null), $22 notify the boards, $23 service, $24 grain
    // type, $25 the state; an insert adds $26–$27 the grain's hashes, an update $26 the expected version. The answer is
    // the version written, null when another version was found.
    private const string RowColumns = """
        code, office_code, procedure_code, status, holder, created_at, nearly_late_at, due_at, overdue_at,
        paused_since, history_length, received_at, received_by, sla_rule, completed_at, outcome, waiting_time,
        satisfaction, rated_at, creation_key
        """;

    private const string InsertState = """
        WITH written AS (
            INSERT INTO OrleansStorage
                (ServiceId, GrainTypeString, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version)
            VALUES ($23, $24, $26, $27, 0, 0, $1, $25, 1)
            ON CONFLICT DO NOTHING
            RETURNING Version),
        """;

    private const string UpdateState = """
        WITH written AS (
            UPDATE OrleansStorage SET PayloadBinary = $25, ModifiedOn = now(), Version = Version + 1
            WHERE ServiceId = $23 AND GrainTypeString = $24 AND GrainIdN0 = 0 AND GrainIdN1 = 0
              AND GrainIdExtensionString = $1 AND Version = $26
            RETURNING Version),
        """;

    private const string CopyProjection = $$"""
        indexed AS (
            INSERT INTO dossier_index ({{RowColumns}}, state_version, updated_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, w.Version, now()
            FROM written w
            ON CONFLICT (code) DO UPDATE SET
                status = excluded.status, holder = excluded.holder, nearly_late_at = excluded.nearly_late_at,
                due_at = excluded.due_at, overdue_at = excluded.overdue_at, paused_since = excluded.paused_since,
                history_length = excluded.history_length, received_at = excluded.received_at,
                received_by = excluded.received_by, sla_rule = excluded.sla_rule, completed_at = excluded.completed_at,
                outcome = excluded.outcome, waiting_time = excluded.waiting_time, satisfaction = excluded.satisfaction,
                rated_at = excluded.rated_at, creation_key = excluded.creation_key, state_version = excluded.state_version,
                updated_at = excluded.updated_at),
        posted AS (
            INSERT INTO portal_outbox
                (portal, portal_dossier_id, dossier_code, office_code, procedure_code, sequence, kind, status, at, handler, note, due_at)
            SELECT u.portal, u.portal_dossier_id, u.dossier_code, u.office_code, u.procedure_code, u.sequence, u.kind,
                   u.status, u.at, u.handler, u.note, u.due_at
            FROM written, jsonb_populate_recordset(NULL::portal_outbox, $21) AS u
            ORDER BY u.sequence
            ON CONFLICT (dossier_code, sequence) DO NOTHING),
        -- Delivered when the transaction commits, to every listening API process; the same notice twice, once.
        notified AS (SELECT pg_notify('caseengine_dossier_changed', $2) FROM written WHERE $22)
        SELECT (SELECT Version FROM written), (SELECT count(*) FROM notified)
        """;

    private const string InsertProjected = InsertState + CopyProjection;
    private const string UpdateProjected = UpdateState + CopyProjection;

    private const string ClearQuery = """
        WITH cleared AS (
            UPDATE OrleansStorage SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
            WHERE ServiceId = $1 AND GrainTypeString = $2 AND GrainIdN0 = 0 AND GrainIdN1 = 0
              AND GrainIdExtensionString = $3 AND Version = $4
            RETURNING Version),
        unlisted AS (DELETE FROM dossier_index WHERE code = $3 AND EXISTS (SELECT 1 FROM cleared))
        SELECT Version FROM cleared
        """;

    private readonly NpgsqlDataSource _database = writes.Database;
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var command = RowCommand(ReadQuery, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var version = reader.GetInt32(1);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        if (reader.IsDBNull(0))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        grainState.State = DossierRecordSerializer.Instance.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        int? expected = grainState.ETag is { } etag ? int.Parse(etag, CultureInfo.InvariantCulture) : null;
        var written = await (grainState.State is DossierRecord { Write: { } write } record
            ? WriteProjectedAsync(grainId, expected, DossierRecordSerializer.State(record), write)
            : writes.ExecuteAsync(
                WriteQuery,
                (_serviceId, NpgsqlDbType.Varchar),
                (grainId.Type.ToString(), NpgsqlDbType.Varchar),
                ((int)grainId.Type.GetUniformHashCode(), NpgsqlDbType.Integer),
                ((int)grainId.GetUniformHashCode(), NpgsqlDbType.Integer),
                (grainId.Key.ToString(), NpgsqlDbType.Varchar),
                (expected, NpgsqlDbType.Integer),
                (DossierRecordSerializer.Instance.Serialize(grainState.State).ToArray(), NpgsqlDbType.Bytea))) as int?;
        if (written == expected || written is null)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} GrainType={grainId.Type} GrainId={grainId} ETag={grainState.ETag}.");
        }

        grainState.ETag = written.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is not { } etag)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        await using var command = RowCommand(ClearQuery, grainId);
        command.Parameters.Add(new() { Value = int.Parse(etag, CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Integer });
        var version = await command.ExecuteScalarAsync() as int?
            ?? throw new InconsistentStateException($"Version conflict (ClearState): ServiceId={_serviceId} GrainType={grainId.Type} GrainId={grainId} ETag={etag}.");
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    private Task<object?> WriteProjectedAsync(GrainId grainId, int? expected, byte[] state, DossierWrite write)
    {
        var row = write.Row;
        if (row.Code != grainId.Key.ToString())
        {
            throw new ArgumentException($"The row of dossier {row.Code} cannot be written with grain {grainId}.", nameof(write));
        }

        (object? Value, NpgsqlDbType Type)[] parameters =
        [
            (row.Code, NpgsqlDbType.Varchar),
            (row.OfficeCode, NpgsqlDbType.Varchar),
            (row.ProcedureCode, NpgsqlDbType.Varchar),
            ((short)row.Status, NpgsqlDbType.Smallint),
            (row.Holder, NpgsqlDbType.Text),
            (row.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.NearlyLateAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.DueAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.OverdueAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.PausedSince?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.HistoryLength, NpgsqlDbType.Integer),
            (row.ReceivedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.ReceivedBy, NpgsqlDbType.Text),
            ((short?)row.SlaRule, NpgsqlDbType.Smallint),
            (row.CompletedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            ((short?)row.Outcome, NpgsqlDbType.Smallint),
            (row.WaitingTime, NpgsqlDbType.Interval),
            ((short?)row.Satisfaction, NpgsqlDbType.Smallint),
            (row.RatedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            (row.CreationKey, NpgsqlDbType.Varchar),
            (write.PortalUpdates.IsEmpty ? null : DossierRecordSerializer.PortalUpdates(write.PortalUpdates), NpgsqlDbType.Jsonb),
            (write.NotifyBoard, NpgsqlDbType.Boolean),
            (_serviceId, NpgsqlDbType.Varchar),
            (grainId.Type.ToString(), NpgsqlDbType.Varchar),
            (state, NpgsqlDbType.Bytea),
            .. expected is { } version
                ? [(version, NpgsqlDbType.Integer)]
                : ((object? Value, NpgsqlDbType Type)[])
                [
                    ((int)grainId.Type.GetUniformHashCode(), NpgsqlDbType.Integer),
                    ((int)grainId.GetUniformHashCode(), NpgsqlDbType.Integer),
                ],
        ];
        return writes.ExecuteAsync(expected is null ? InsertProjected : UpdateProjected, parameters);
    }

    // A statement on the grain's row: $1 service, $2 grain type, $3 the dossier's code.
    private NpgsqlCommand RowCommand(string sql, GrainId grainId)
    {
        var command = _database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Type.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Key.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        return command;
    }
}
