using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CaseEngine.Storage;

/// <summary>
/// Group commit on PostgreSQL for the engine's frequent small writes (dossier states and reminders): the statements of
/// every caller writing at about the same moment go to the database as one batch in one transaction, one round trip
/// and one commit for all of them, and each caller gets its own statement's answer once that transaction committed.
/// </summary>
/// <remarks>
/// Each statement must decide for itself whether it applies (an optimistic version check that changes nothing when it
/// fails, rather than an error), since the batch's transaction commits all of them or none. A statement the database
/// refuses with an error aborts its batch: the batch's statements are then run again one by one, so only the refused
/// one fails, with the database's error. A database that cannot be reached fails every statement of the batch.
/// </remarks>
public sealed partial class GroupCommit : IAsyncDisposable
{
    /// <summary>The most statements sent in one batch.</summary>
    public const int MaxBatch = 64;

    /// <summary>Batches in flight at once: while one commits, the next gathers the statements made meanwhile.</summary>
    public const int Writers = 2;

    /// <summary>The category of this class's log lines.</summary>
    public const string LogCategory = "CaseEngine.Storage.GroupCommit";

    private readonly NpgsqlDataSource _database;
    private readonly ILogger _logger;
    private readonly Channel<Statement> _statements = Channel.CreateUnbounded<Statement>();
    private readonly Task[] _writers;

    /// <summary>Starts the writers on <paramref name="connectionString"/>'s database.</summary>
    public GroupCommit(string connectionString, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _database = NpgsqlDataSource.Create(connectionString);
        _logger = logs.CreateLogger(LogCategory);
        _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteBatchesAsync))];
    }

    /// <summary>The database the statements go to, for the reads of the same callers.</summary>
    public NpgsqlDataSource Database => _database;

    /// <summary>
    /// Runs <paramref name="sql"/> with positional <paramref name="parameters"/> in the next batch and answers the first
    /// column of its first row (null when it has none), once the batch committed.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The group commit is closed.</exception>
    public Task<object?> ExecuteAsync(string sql, params (object? Value, NpgsqlDbType Type)[] parameters)
    {
        var statement = new Statement(sql, parameters);
        return _statements.Writer.TryWrite(statement)
            ? statement.Done.Task
            : throw new ObjectDisposedException(nameof(GroupCommit), "The engine's database writes are closed.");
    }

    /// <summary>Lets the statements already handed over finish, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _statements.Writer.TryComplete();
        await Task.WhenAll(_writers);
        await _database.DisposeAsync();
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Statement>(MaxBatch);
        while (await _statements.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _statements.Reader.TryRead(out var statement))
            {
                batch.Add(statement);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await RunAsync(batch);
            }
            catch (PostgresException e) when (batch.Count > 1)
            {
                // The database refused one of the statements, which aborted the transaction of all: run each alone.
                LogBatchRefused(batch.Count, e.MessageText);
                foreach (var statement in batch)
                {
                    try
                    {
                        await RunAsync([statement]);
                    }
                    catch (Exception alone)
                    {
                        statement.Done.TrySetException(alone);
                    }
                }
            }
            catch (Exception e)
            {
                // The database cannot be reached, or the one statement was refused: each fails with the cause, which
                // the API answers as a 503 or a problem, and counts in its log.
                foreach (var statement in batch)
                {
                    statement.Done.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task RunAsync(List<Statement> statements)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            foreach (var (value, type) in statement.Parameters)
            {
                command.Parameters.Add(new() { Value = value ?? DBNull.Value, NpgsqlDbType = type });
            }

            batch.BatchCommands.Add(command);
        }

        // Without an explicit transaction the batch is one implicit transaction: all of it commits, or none.
        var answers = new List<object?>(statements.Count);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
            {
                answers.Add(await reader.ReadAsync() && !reader.IsDBNull(0) ? reader.GetValue(0) : null);
            }
            while (await reader.NextResultAsync());
        }

        for (var i = 0; i < statements.Count; i++)
        {
            statements[i].Done.TrySetResult(answers[i]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a batch of {Count} writes ({Reason}); writing each alone.")]
    private partial void LogBatchRefused(int count, string reason);

    private sealed record Statement(string Sql, (object? Value, NpgsqlDbType Type)[] Parameters)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
