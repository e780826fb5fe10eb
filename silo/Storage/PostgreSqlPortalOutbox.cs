using CaseEngine.Domain.Dossiers;
using CaseEngine.Portals;
using Npgsql;

namespace CaseEngine.Storage;

/// <summary>
/// The portal outbox on PostgreSQL: the <c>portal_outbox</c> table, which the grain-state write query fills from each
/// write of a portal's dossier, in the same transaction (migration 0011).
/// </summary>
internal sealed class PostgreSqlPortalOutbox(NpgsqlDataSource database) : IPortalOutbox
{
    private const string Columns = """
        id, portal, portal_dossier_id, dossier_code, office_code, procedure_code, sequence, kind, status, at, handler, note,
        due_at, attempts, last_error, dead_at
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<PortalUpdate>> DueAsync(Channel portal, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        // Only the oldest undelivered update of each dossier may go: a refused or waiting one holds back the rest.
        await using var command = database.CreateCommand($"""
            SELECT {Columns}
            FROM portal_outbox o
            WHERE o.portal = @portal AND o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= @now
              AND NOT EXISTS (SELECT 1 FROM portal_outbox p WHERE p.dossier_code = o.dossier_code AND p.delivered_at IS NULL AND p.id < o.id)
            ORDER BY o.id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("portal", (short)portal);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE portal_outbox SET delivered_at = @at, last_error = NULL WHERE id = @id", id, cancellationToken, ("at", at.UtcDateTime));

    /// <inheritdoc />
    public Task MarkFailedAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE portal_outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retry WHERE id = @id",
            id,
            cancellationToken,
            ("error", error),
            ("retry", retryAt.UtcDateTime));

    /// <inheritdoc />
    public Task MarkDeadAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE portal_outbox SET attempts = attempts + 1, last_error = @error, dead_at = @at WHERE id = @id",
            id,
            cancellationToken,
            ("error", error),
            ("at", at.UtcDateTime));

    /// <inheritdoc />
    public async Task<IReadOnlyList<PortalUpdate>> DeadAsync(Channel portal, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM portal_outbox
            WHERE portal = @portal AND dead_at IS NOT NULL AND delivered_at IS NULL
            ORDER BY id
            """);
        command.Parameters.AddWithValue("portal", (short)portal);
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RetryAsync(Channel portal, long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            UPDATE portal_outbox SET dead_at = NULL, next_attempt_at = '-infinity'
            WHERE id = @id AND portal = @portal AND dead_at IS NOT NULL AND delivered_at IS NULL
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("portal", (short)portal);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<OutboxCounts> CountAsync(Channel portal, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*) FILTER (WHERE dead_at IS NULL), count(*) FILTER (WHERE dead_at IS NOT NULL), min(at) FILTER (WHERE dead_at IS NULL)
            FROM portal_outbox WHERE portal = @portal AND delivered_at IS NULL
            """);
        command.Parameters.AddWithValue("portal", (short)portal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxCounts(
            (int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    private static async Task<IReadOnlyList<PortalUpdate>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var updates = new List<PortalUpdate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? At(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            updates.Add(new PortalUpdate(
                reader.GetInt64(0),
                (Channel)reader.GetInt16(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetInt32(6),
                StepKind.Parse(reader.GetString(7)),
                (DossierStatus)reader.GetInt16(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                Text(10),
                Text(11),
                At(12),
                reader.GetInt32(13),
                Text(14),
                At(15)));
        }

        return updates;
    }

    private async Task ExecuteAsync(string sql, long id, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
