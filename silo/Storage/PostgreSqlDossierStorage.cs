using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// The dossiers' grain storage on PostgreSQL, with group commit (<see cref="GroupCommit"/>): the writes of all the
/// dossiers that write at about the same moment go to the database as one batch in one transaction, each through the
/// same write function as Orleans' ADO.NET provider calls (<c>caseengine_write_grain_state</c>, migration 0011: the state, its read-side row and its
/// outbox rows, optimistically on the version). The ADO.NET provider pays a round trip and a commit for every single
/// write, and with 32 dossiers in flight the commits, not the work in them, were most of the database's time
/// (<c>docs/benchmarks.md</c>). Same table, same rows and versions as the provider's: a database written by either
/// reads the same.
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

    private const string WriteQuery = "SELECT caseengine_write_grain_state($1, $2, $3, $4, 0, 0, $5, $6, $7)";

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
        var payload = DossierRecordSerializer.Instance.Serialize(grainState.State).ToArray();
        var written = await writes.ExecuteAsync(
            WriteQuery,
            (_serviceId, NpgsqlDbType.Varchar),
            (grainId.Type.ToString(), NpgsqlDbType.Varchar),
            ((int)grainId.Type.GetUniformHashCode(), NpgsqlDbType.Integer),
            ((int)grainId.GetUniformHashCode(), NpgsqlDbType.Integer),
            (grainId.Key.ToString(), NpgsqlDbType.Varchar),
            (expected, NpgsqlDbType.Integer),
            (payload, NpgsqlDbType.Bytea)) as int?;
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
