using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// The dossiers' grain storage on PostgreSQL, with group commit: the writes of all the dossiers that write at about the
/// same moment go to the database as one batch in one transaction, each through the same write function as Orleans'
/// ADO.NET provider calls (<c>caseengine_write_grain_state</c>, migration 0011: the state, its read-side row and its
/// outbox rows, optimistically on the version). The ADO.NET provider pays a round trip and a commit for every single
/// write, and with 32 dossiers in flight the commits, not the work in them, were most of the database's time
/// (<c>docs/benchmarks.md</c>). Same table, same rows and versions as the provider's: a database written by either
/// reads the same.
/// </summary>
/// <remarks>
/// A write that finds another version changes nothing and fails alone with <see cref="InconsistentStateException"/>,
/// like the provider's. A write the database refuses (an error) would abort its whole batch: the batch's writes are then
/// made again one by one, so only the refused one fails, with the database's error.
/// </remarks>
public sealed partial class PostgreSqlDossierStorage : IGrainStorage, IAsyncDisposable
{
    /// <summary>The most writes sent in one batch.</summary>
    public const int MaxBatch = 64;

    /// <summary>Batches in flight at once: while one commits, the next gathers the writes made meanwhile.</summary>
    public const int Writers = 2;

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

    private readonly NpgsqlDataSource _database;
    private readonly string _serviceId;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _writers;

    /// <summary>The category of this storage's own log lines. Orleans logs each failed read or write with its stack trace
    /// under the storage's type name, which the engine's settings quiet, as they quiet Orleans' own providers: the API
    /// answers and counts those failures.</summary>
    public const string LogCategory = "CaseEngine.Storage.GroupCommit";

    /// <summary>Starts the writer on <paramref name="connectionString"/>'s database.</summary>
    public PostgreSqlDossierStorage(string connectionString, IOptions<ClusterOptions> cluster, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(logs);
        _database = NpgsqlDataSource.Create(connectionString);
        _serviceId = cluster.Value.ServiceId;
        _logger = logs.CreateLogger(LogCategory);
        _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteBatchesAsync))];
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var command = _database.CreateCommand(ReadQuery);
        command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Type.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Key.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
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
        var pending = new PendingWrite(grainId, expected, payload);
        if (!_writes.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgreSqlDossierStorage), "The dossier storage is closed.");
        }

        var written = await pending.Done.Task;
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

        await using var command = _database.CreateCommand(ClearQuery);
        command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Type.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = grainId.Key.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = int.Parse(etag, CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Integer });
        var version = await command.ExecuteScalarAsync() as int?
            ?? throw new InconsistentStateException($"Version conflict (ClearState): ServiceId={_serviceId} GrainType={grainId.Type} GrainId={grainId} ETag={etag}.");
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    /// <summary>Lets the writes already handed over finish, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await Task.WhenAll(_writers);
        await _database.DisposeAsync();
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (PostgresException e) when (batch.Count > 1)
            {
                // The database refused one of the writes, which aborted the transaction of all: make each again alone.
                LogBatchRefused(batch.Count, e.MessageText);
                foreach (var write in batch)
                {
                    try
                    {
                        await WriteAsync([write]);
                    }
                    catch (Exception alone)
                    {
                        write.Done.TrySetException(alone);
                    }
                }
            }
            catch (Exception e)
            {
                // The database cannot be reached, or the one write was refused: each write fails with the cause, which
                // the API answers as a 503 or a problem, and counts in its log.
                foreach (var write in batch)
                {
                    write.Done.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task WriteAsync(List<PendingWrite> writes)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            var command = new NpgsqlBatchCommand(WriteQuery);
            var type = write.GrainId.Type.ToString()!;
            command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new() { Value = type, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new() { Value = (int)write.GrainId.Type.GetUniformHashCode(), NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = (int)write.GrainId.GetUniformHashCode(), NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = write.GrainId.Key.ToString(), NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new() { Value = write.Expected is { } expected ? expected : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = write.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            batch.BatchCommands.Add(command);
        }

        // Without an explicit transaction the batch is one implicit transaction: all of it commits, or none.
        var versions = new List<int?>(writes.Count);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
            {
                versions.Add(await reader.ReadAsync() && !reader.IsDBNull(0) ? reader.GetInt32(0) : null);
            }
            while (await reader.NextResultAsync());
        }

        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Done.TrySetResult(versions[i]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a batch of {Count} dossier writes ({Reason}); writing each alone.")]
    private partial void LogBatchRefused(int count, string reason);

    private sealed record PendingWrite(GrainId GrainId, int? Expected, byte[] Payload)
    {
        public TaskCompletionSource<int?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
