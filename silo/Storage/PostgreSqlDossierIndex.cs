using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.ReadSide;
using Npgsql;

namespace CaseEngine.Storage;

/// <summary>
/// The read side on PostgreSQL: the <c>dossier_index</c> table, which the grain-state write query fills from the row each
/// dossier write carries, in the same transaction (migration 0011). Nothing to lose in a crash.
/// </summary>
internal sealed class PostgreSqlDossierIndex(NpgsqlDataSource database) : IDossierIndex
{
    private static readonly short[] OpenStatuses = [.. Enum.GetValues<DossierStatus>().Where(s => s.IsOpen()).Select(s => (short)s)];

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> CodesByCreationKeyAsync(string officeCode, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT creation_key, code FROM dossier_index
            WHERE office_code = @office AND created_at >= @from AND creation_key IS NOT NULL
            """);
        command.Parameters.AddWithValue("office", officeCode);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes[reader.GetString(0)] = reader.GetString(1);
        }

        return codes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> DeadlinesFromAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT code FROM dossier_index
            WHERE status = ANY($1) AND due_at IS NOT NULL AND (overdue_at >= $2 OR paused_since IS NOT NULL)
            ORDER BY due_at, code
            """);
        command.Parameters.Add(new() { Value = OpenStatuses });
        command.Parameters.Add(new() { Value = from.ToUniversalTime(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var codes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add(reader.GetString(0));
        }

        return codes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DossierSummary>> ListAsync(string officeCode, DossierFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // A bucket depends on the time it is judged at, so it is the domain's to judge (Deadline.BucketOf): with a bucket
        // asked for, the office's open received dossiers are read and judged here, then paged.
        var byBucket = filter.Bucket is not null;
        await using var command = database.CreateCommand("""
            SELECT code, office_code, procedure_code, status, holder, created_at,
                   nearly_late_at, due_at, overdue_at, paused_since, history_length
            FROM dossier_index
            WHERE office_code = @office
              AND (@status::smallint IS NULL OR status = @status)
              AND (@procedure::text IS NULL OR procedure_code = @procedure)
              AND (@from::timestamptz IS NULL OR created_at >= @from)
              AND (@before::timestamptz IS NULL OR created_at < @before)
              AND (NOT @byBucket OR (status = ANY(@open) AND due_at IS NOT NULL))
            ORDER BY created_at DESC, code DESC
            LIMIT @limit OFFSET @offset
            """);
        command.Parameters.AddWithValue("office", officeCode);
        command.Parameters.AddWithValue("status", NpgsqlTypes.NpgsqlDbType.Smallint, filter.Status is { } s ? (short)s : DBNull.Value);
        command.Parameters.AddWithValue("procedure", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.ProcedureCode ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)filter.CreatedFrom?.UtcDateTime ?? DBNull.Value);
        command.Parameters.AddWithValue("before", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)filter.CreatedBefore?.UtcDateTime ?? DBNull.Value);
        command.Parameters.AddWithValue("byBucket", byBucket);
        command.Parameters.AddWithValue("open", OpenStatuses);
        command.Parameters.AddWithValue("limit", NpgsqlTypes.NpgsqlDbType.Integer, byBucket ? DBNull.Value : filter.Limit);
        command.Parameters.AddWithValue("offset", byBucket ? 0 : filter.Offset);

        var rows = new List<DossierSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? At(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
            var dueAt = At(7);
            rows.Add(new DossierSummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (DossierStatus)reader.GetInt16(3),
                dueAt is { } due ? new Deadline { NearlyLateAt = At(6)!.Value, DueAt = due, OverdueAt = At(8)!.Value } : null,
                At(9),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt32(10)));
        }

        IReadOnlyList<DossierSummary> page = byBucket
            ? [.. rows.Where(d => d.BucketAt(now) == filter.Bucket).Skip(filter.Offset).Take(filter.Limit)]
            : rows;
        return page;
    }

    /// <inheritdoc />
    public async Task<DossierCounts> CountAsync(string officeCode, DateTimeOffset? from, DateTimeOffset? before, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT status, procedure_code, count(*)::integer
            FROM dossier_index
            WHERE office_code = @office
              AND (@from::timestamptz IS NULL OR created_at >= @from)
              AND (@before::timestamptz IS NULL OR created_at < @before)
            GROUP BY status, procedure_code
            """);
        command.Parameters.AddWithValue("office", officeCode);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)from?.UtcDateTime ?? DBNull.Value);
        command.Parameters.AddWithValue("before", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)before?.UtcDateTime ?? DBNull.Value);

        var byStatus = new Dictionary<DossierStatus, int>();
        var byProcedure = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = (DossierStatus)reader.GetInt16(0);
            var procedure = reader.GetString(1);
            var count = reader.GetInt32(2);
            byStatus[status] = byStatus.GetValueOrDefault(status) + count;
            byProcedure[procedure] = byProcedure.GetValueOrDefault(procedure) + count;
            total += count;
        }

        return new DossierCounts(total, byStatus, byProcedure);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DossierFacts>> FactsAsync(FactsQuery query, CancellationToken cancellationToken = default)
    {
        // Received, resolved and rated happen in that order, so the latest of the three bounds the index scan.
        await using var command = database.CreateCommand("""
            SELECT code, office_code, procedure_code, status, received_at, received_by, sla_rule,
                   nearly_late_at, due_at, overdue_at, paused_since, completed_at, outcome, waiting_time, satisfaction, rated_at
            FROM dossier_index
            WHERE office_code = ANY(@offices)
              AND received_at IS NOT NULL
              AND coalesce(rated_at, completed_at, received_at) >= @from
              AND received_at < @before
              AND (@procedure::text IS NULL OR procedure_code = @procedure)
              AND ((received_at >= @from)
                   OR (completed_at >= @from AND completed_at < @before)
                   OR (rated_at >= @from AND rated_at < @before))
            """);
        command.Parameters.AddWithValue("offices", query.OfficeCodes.ToArray());
        command.Parameters.AddWithValue("procedure", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.ProcedureCode ?? DBNull.Value);
        command.Parameters.AddWithValue("from", query.From.UtcDateTime);
        command.Parameters.AddWithValue("before", query.Before.UtcDateTime);

        var facts = new List<DossierFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? At(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
            short? Number(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt16(ordinal);
            var dueAt = At(8);
            facts.Add(new DossierFacts(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (DossierStatus)reader.GetInt16(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                Number(6) is { } rule ? (SlaRule)rule : null,
                dueAt is { } due ? new Deadline { NearlyLateAt = At(7)!.Value, DueAt = due, OverdueAt = At(9)!.Value } : null,
                At(10),
                At(11),
                Number(12) is { } outcome ? (Timeliness)outcome : null,
                reader.GetFieldValue<TimeSpan>(13),
                Number(14) is { } satisfaction ? (Satisfaction)satisfaction : null,
                At(15)));
        }

        return facts;
    }
}
