using System.Globalization;

namespace CaseEngine.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed record BenchOptions
{
    /// <summary>Dossiers received by Gia Lâm's district office and its communes in a year.</summary>
    public const int YearDossiers = 18_782;

    /// <summary>Of those, received at the district office (018).</summary>
    public const int YearDistrictDossiers = 2_152;

    /// <summary>Most lobby board streams: the engine's limit of streams from one address.</summary>
    public const int MaxStreams = 10_000;

    public const string Usage = """
        CaseEngine.Bench: full dossier lifecycles through the HTTP API of an engine hosted in this process, on PostgreSQL.

          --dossiers N           dossiers to take through their lifecycle (default 18782, Gia Lâm's year)
          --concurrency N        lifecycles in flight at once (default 32)
          --warmup N             lifecycles run first and not counted (default 2000)
          --connection STRING    PostgreSQL connection string (default: ConnectionStrings__CaseEngine)
          --postgres-pid-file F  postmaster.pid of that server, to split CPU time between the engine and PostgreSQL
          --out FILE             also write the results as markdown to FILE
          --seed N               seed of the office and procedure mix (default 2022)
          --streams N            lobby board event streams held open during the measured run, round-robin over
                                 the offices, each read continuously (default 0, at most 10000)
          --rate N               open loop: transitions arrive at N a second (lifecycles start on a fixed schedule,
                                 latency counted from each step's due time) instead of --concurrency in flight
          --step-interval-ms N   open loop: a lifecycle's next step is due N ms after the one before (default 200)
          --ceiling-seconds N    after the run, measure this PostgreSQL's ceiling with pgbench for N seconds: durable
                                 one-row UPDATEs of a 1.1 KB row, 32 clients (default 15; 0 to skip)
          --pgbench PATH         the pgbench to run (default /usr/lib/postgresql/15/bin/pgbench)
          --keep-data            do not empty the engine's tables first
        """;

    public int Dossiers { get; init; } = YearDossiers;

    public int Concurrency { get; init; } = 32;

    public int Warmup { get; init; } = 2_000;

    public string? Connection { get; init; } = Environment.GetEnvironmentVariable("ConnectionStrings__CaseEngine");

    public string? PostgresPidFile { get; init; }

    public string? Out { get; init; }

    public int Seed { get; init; } = 2022;

    public bool KeepData { get; init; }

    /// <summary>Lobby board event streams open during the measured run.</summary>
    public int Streams { get; init; }

    /// <summary>Open loop: transitions a second; closed loop (<see cref="Concurrency"/> in flight) when null.</summary>
    public int? Rate { get; init; }

    /// <summary>Open loop: how long after a step of a lifecycle its next step is due.</summary>
    public int StepIntervalMilliseconds { get; init; } = 200;

    /// <summary>How long pgbench measures the database's ceiling after the run; 0 skips it.</summary>
    public int CeilingSeconds { get; init; } = 15;

    /// <summary>The pgbench program.</summary>
    public string Pgbench { get; init; } = "/usr/lib/postgresql/15/bin/pgbench";

    /// <summary>Parses the arguments; null with a message for anything it does not understand.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep-data")
            {
                options = options with { KeepData = true };
                continue;
            }

            if (name is "-h" or "--help")
            {
                return (null, null);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            int Count(int min, int max = int.MaxValue) =>
                int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new FormatException(max == int.MaxValue
                        ? $"{name} must be a whole number of at least {min}, not '{value}'."
                        : $"{name} must be a whole number from {min} to {max}, not '{value}'.");
            try
            {
                options = name switch
                {
                    "--dossiers" => options with { Dossiers = Count(1) },
                    "--concurrency" => options with { Concurrency = Count(1) },
                    "--warmup" => options with { Warmup = Count(0) },
                    "--connection" => options with { Connection = value },
                    "--postgres-pid-file" => options with { PostgresPidFile = value },
                    "--out" => options with { Out = value },
                    "--seed" => options with { Seed = Count(0) },
                    "--streams" => options with { Streams = Count(0, MaxStreams) },
                    "--rate" => options with { Rate = Count(1, 100_000) },
                    "--step-interval-ms" => options with { StepIntervalMilliseconds = Count(0, 60_000) },
                    "--ceiling-seconds" => options with { CeilingSeconds = Count(0, 600) },
                    "--pgbench" => options with { Pgbench = value },
                    _ => throw new FormatException($"unknown option {name}."),
                };
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        return string.IsNullOrWhiteSpace(options.Connection)
            ? (null, "no database: give --connection or set ConnectionStrings__CaseEngine.")
            : (options, null);
    }
}
