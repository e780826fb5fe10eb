using System.Text.Json;
using CaseEngine.Grains.Reference;
using Npgsql;
using NpgsqlTypes;

namespace CaseEngine.Storage;

/// <summary>
/// The versions of the reference data in <c>reference_versions</c> (migration 0012): each version's files as one JSON
/// object, file name to document.
/// </summary>
/// <param name="connectionString">The engine's database; the store keeps a small pool of its own.</param>
public sealed class PostgreSqlReferenceStore(string connectionString) : IReferenceStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReferenceVersion>> ReadAfterAsync(int number, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("""
            SELECT number, effective_from, files::text, author, saved_at, reason, basis, summary
            FROM reference_versions WHERE number > $1 ORDER BY number
            """);
        command.Parameters.Add(new() { Value = number, NpgsqlDbType = NpgsqlDbType.Integer });
        var versions = new List<StoredReferenceVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var files = JsonDocument.Parse(reader.GetString(2));
            versions.Add(new StoredReferenceVersion(
                reader.GetInt32(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                files.RootElement.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetRawText(), StringComparer.Ordinal),
                new ReferenceChangeNote(
                    reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetString(7))));
        }

        return versions;
    }

    /// <inheritdoc />
    public async Task<bool> TryAppendAsync(StoredReferenceVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var files = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, text) in version.Files)
        {
            using var document = JsonDocument.Parse(text);
            files[name] = document.RootElement.Clone();
        }

        await using var command = _database.CreateCommand("""
            INSERT INTO reference_versions (number, effective_from, files, author, saved_at, reason, basis, summary)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (number) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = version.Number, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = version.EffectiveFrom.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(files), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = version.Note.Author, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = version.Note.At.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = version.Note.Reason, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)version.Note.Basis ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = version.Note.Summary, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
