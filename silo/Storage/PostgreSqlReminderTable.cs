using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace CaseEngine.Storage;

/// <summary>
/// Orleans' reminder table on PostgreSQL, in the table and rows of Orleans' ADO.NET reminder provider
/// (<c>OrleansRemindersTable</c>, migration 0004), whose registrations and removals commit in groups with the dossiers'
/// writes (<see cref="GroupCommit"/>): a dossier registers a reminder when it is received and removes it when it is
/// closed, and one by one those were half of the engine's commits (<c>docs/benchmarks.md</c>). Reads go straight to
/// the database. Rows are the provider's: same grain id text, hash, start time, period in milliseconds and version.
/// </summary>
/// <param name="writes">The group commit shared with the dossiers' storage.</param>
/// <param name="cluster">The service id the rows belong to.</param>
public sealed class PostgreSqlReminderTable(GroupCommit writes, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private const string Columns = "GrainId, ReminderName, StartTime, Period, Version";

    private const string UpsertQuery = """
        INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
        VALUES ($1, $2, $3, $4, $5, $6, 0)
        ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
            Version = OrleansRemindersTable.Version + 1
        RETURNING Version
        """;

    private const string RemoveQuery = """
        WITH deleted AS (
            DELETE FROM OrleansRemindersTable
            WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3 AND Version = $4
            RETURNING 1)
        SELECT count(*)::integer FROM deleted
        """;

    private readonly NpgsqlDataSource _database = writes.Database;
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <inheritdoc />
    public Task Init() => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2", grainId.ToString());

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>

        // The ring's range (begin, end], which wraps around when begin is not below end, compared as the signed
        // integers the rows keep.
        (int)begin < (int)end
            ? ReadAsync($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainHash > $2 AND GrainHash <= $3", (int)begin, (int)end)
            : ReadAsync($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND (GrainHash > $2 OR GrainHash <= $3)", (int)begin, (int)end);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await ReadAsync($"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3", grainId.ToString(), reminderName))
            .Reminders.FirstOrDefault();

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var version = await writes.ExecuteAsync(
            UpsertQuery,
            (_serviceId, NpgsqlDbType.Varchar),
            (entry.GrainId.ToString(), NpgsqlDbType.Varchar),
            (entry.ReminderName, NpgsqlDbType.Varchar),
            (DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz),
            ((long)entry.Period.TotalMilliseconds, NpgsqlDbType.Bigint),
            ((int)entry.GrainId.GetUniformHashCode(), NpgsqlDbType.Integer));
        return ((int)version!).ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var removed = await writes.ExecuteAsync(
            RemoveQuery,
            (_serviceId, NpgsqlDbType.Varchar),
            (grainId.ToString(), NpgsqlDbType.Varchar),
            (reminderName, NpgsqlDbType.Varchar),
            (int.Parse(eTag, CultureInfo.InvariantCulture), NpgsqlDbType.Integer));
        return removed is > 0;
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        await using var command = _database.CreateCommand("DELETE FROM OrleansRemindersTable WHERE ServiceId = $1");
        command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReminderTableData> ReadAsync(string sql, params object[] parameters)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = reader.GetFieldValue<DateTime>(2),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
