using CaseEngine.Db;
using Npgsql;

namespace CaseEngine.Tests.Support;

/// <summary>
/// A fresh, migrated PostgreSQL database on the test server that <c>./test.sh</c> starts (connection string in
/// <c>CASEENGINE_TEST_POSTGRES</c>), dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "CASEENGINE_TEST_POSTGRES";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Database name.</summary>
    public string Name { get; }

    /// <summary>Connection string of the engine's role to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Connection string of the test server (the engine's role, which may create databases).</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests with ./test.sh, which starts a local PostgreSQL, or point {ServerVariable} at a server where the role may create databases.");

    /// <summary>Creates a database named after <paramref name="purpose"/> and brings it to the engine's schema.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true)
    {
        var name = $"ce_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 36)];
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(name, new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
        if (migrate)
        {
            await DatabaseMigrator.MigrateAsync(database.ConnectionString);
        }

        return database;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        return await command.ExecuteScalarAsync() is T result ? result : default;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
