using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CaseEngine.Bench;

/// <summary>CPU time, in seconds, of this process, of the PostgreSQL server and of the whole machine.</summary>
/// <param name="Process">This process: engine and driver.</param>
/// <param name="Postgres">The postmaster, its live children and the children it has reaped; null if unknown.</param>
/// <param name="MachineBusy">All cores, not idle (including others' work).</param>
/// <param name="MachineTotal">All cores, busy or idle.</param>
/// <param name="MachineSteal">Time the hypervisor ran something else while this machine wanted to run.</param>
internal sealed record CpuTimes(double Process, double? Postgres, double MachineBusy, double MachineTotal, double MachineSteal)
{
    // USER_HZ: /proc reports times in ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    public static CpuTimes Read(string? postgresPidFile)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var machine = MachineTicks();
        return new CpuTimes(
            self.TotalProcessorTime.TotalSeconds,
            PostgresSeconds(postgresPidFile),
            (machine.Sum() - machine[3] - machine[4]) / TicksPerSecond,
            machine.Sum() / TicksPerSecond,
            machine[7] / TicksPerSecond);
    }

    public static CpuTimes operator -(CpuTimes after, CpuTimes before) =>
        new(
            after.Process - before.Process,
            after.Postgres - before.Postgres,
            after.MachineBusy - before.MachineBusy,
            after.MachineTotal - before.MachineTotal,
            after.MachineSteal - before.MachineSteal);

    // cpu  user nice system idle iowait irq softirq steal
    private static double[] MachineTicks() =>
        File.Exists("/proc/stat")
            ? [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => double.Parse(f, CultureInfo.InvariantCulture))]
            : new double[8];

    private static double? PostgresSeconds(string? pidFile)
    {
        if (pidFile is null || !File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var postmaster))
        {
            return null;
        }

        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == postmaster)
            {
                ticks += stat.UserAndSystem + stat.ReapedChildren;
            }
            else if (stat.Parent == postmaster)
            {
                ticks += stat.UserAndSystem;
            }
        }

        return ticks / TicksPerSecond;
    }

    private static (int Parent, double UserAndSystem, double ReapedChildren)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name in parentheses, from field 3 (state) on.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int number) => double.Parse(f[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}

/// <summary>Garbage collector and thread pool counters of this process.</summary>
internal sealed record RuntimeCounters(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated, long LockContentions, long WorkItems)
{
    public static RuntimeCounters Read() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false),
        Monitor.LockContentionCount,
        ThreadPool.CompletedWorkItemCount);

    public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) => new(
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2,
        after.Paused - before.Paused,
        after.Allocated - before.Allocated,
        after.LockContentions - before.LockContentions,
        after.WorkItems - before.WorkItems);
}

/// <summary>Managed memory after full, compacting collections.</summary>
/// <param name="LiveBytes">GC.GetTotalMemory(forceFullCollection: true).</param>
/// <param name="HeapBytes">Heap size after the last collection, fragmentation included.</param>
/// <param name="WorkingSet">The process's resident memory, managed or not.</param>
internal sealed record MemorySnapshot(long LiveBytes, long HeapBytes, long WorkingSet)
{
    public static MemorySnapshot Take()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        using var self = Process.GetCurrentProcess();
        return new MemorySnapshot(live, info.HeapSizeBytes, self.WorkingSet64);
    }
}

/// <summary>Counters of the benchmark database: transactions, rows written per table, write-ahead log.</summary>
internal sealed record DatabaseCounters(
    long Commits, long Rollbacks, long WalRecords, long WalBytes, long WalSyncs, long Checkpoints, IReadOnlyDictionary<string, TableCounters> Tables)
{
    public static readonly string[] TableNames = ["orleansstorage", "orleansreminderstable", "dossier_index"];

    public static async Task<DatabaseCounters> ReadAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        long commits, rollbacks;
        await using (var command = new NpgsqlCommand("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (commits, rollbacks) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        long walRecords, walBytes, walSyncs;
        await using (var command = new NpgsqlCommand("SELECT wal_records, wal_bytes::bigint, wal_sync FROM pg_stat_wal", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (walRecords, walBytes, walSyncs) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        long checkpoints;
        await using (var command = new NpgsqlCommand("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter", connection))
        {
            checkpoints = (long)(await command.ExecuteScalarAsync())!;
        }

        var tables = new Dictionary<string, TableCounters>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            """
            SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del,
                   autovacuum_count + autoanalyze_count
            FROM pg_stat_user_tables WHERE relname = ANY(@names)
            """, connection))
        {
            command.Parameters.AddWithValue("names", TableNames);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables[reader.GetString(0)] = new TableCounters(
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
            }
        }

        return new DatabaseCounters(commits, rollbacks, walRecords, walBytes, walSyncs, checkpoints, tables);
    }

    public static DatabaseCounters operator -(DatabaseCounters after, DatabaseCounters before) => new(
        after.Commits - before.Commits,
        after.Rollbacks - before.Rollbacks,
        after.WalRecords - before.WalRecords,
        after.WalBytes - before.WalBytes,
        after.WalSyncs - before.WalSyncs,
        after.Checkpoints - before.Checkpoints,
        after.Tables.ToDictionary(
            t => t.Key,
            t => before.Tables.TryGetValue(t.Key, out var b) ? t.Value - b : t.Value,
            StringComparer.Ordinal));
}

/// <summary>Scans, rows written and autovacuum or autoanalyze runs of one table.</summary>
internal sealed record TableCounters(long Scans, long Inserted, long Updated, long HotUpdated, long Deleted, long Autovacuums)
{
    public static TableCounters operator -(TableCounters after, TableCounters before) => new(
        after.Scans - before.Scans,
        after.Inserted - before.Inserted,
        after.Updated - before.Updated,
        after.HotUpdated - before.HotUpdated,
        after.Deleted - before.Deleted,
        after.Autovacuums - before.Autovacuums);
}
