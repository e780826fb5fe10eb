using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using CaseEngine.Api;
using CaseEngine.Api.Board;
using CaseEngine.Api.Security;
using CaseEngine.Bench;
using CaseEngine.Domain.Reference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"CaseEngine.Bench: {error}");
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return error is null ? 0 : 2;
}

await using var database = NpgsqlDataSource.Create(options.Connection!);
if (!options.KeepData)
{
    await BenchDatabase.EmptyAsync(database);
}

// PostgreSQL's backends publish their statistics up to 10 s after they go idle.
var statisticsDelay = TimeSpan.FromSeconds(11);
var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(AuthSettings.MinimumKeyBytes));
string[] engineArguments =
[
    $"--CaseEngine:Auth:SigningKey={signingKey}",
    $"--urls={baseAddress}",
    $"--ConnectionStrings:CaseEngine={options.Connection}",
    "--CaseEngine:Storage=PostgreSql",
    $"--CaseEngine:SiloPort={FreePort()}",
    $"--CaseEngine:GatewayPort={FreePort()}",
    "--Logging:LogLevel:Default=Warning",

    // The configuration watcher watches the content root: the binaries' folder is quiet, while the repository holds
    // the benchmark's own database, whose every write would wake the watcher.
    $"--contentRoot={AppContext.BaseDirectory}",
];
if (options.Streams > 0)
{
    // Every stream comes from this process, one address: its limits must let them all in at once.
    engineArguments =
    [
        .. engineArguments,
        $"--CaseEngine:Board:MaxStreams={Math.Max(1000, options.Streams)}",
        $"--CaseEngine:Board:MaxStreamsPerAddress={options.Streams}",
        $"--CaseEngine:Board:StreamRequestsPerMinute={Math.Max(60, 2 * options.Streams)}",
    ];
}

var app = await EngineApp.BuildAsync(engineArguments);
if (app is null)
{
    return 1;
}

await app.StartAsync();
try
{
    var reference = app.Services.GetRequiredService<ReferenceData>();
    var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
    var plan = DossierPlan.Create(reference, options.Dossiers, options.Seed);
    var warmup = DossierPlan.Create(reference, options.Warmup, options.Seed + 1);
    var settings = await BenchDatabase.SettingsAsync(database);
    // Each step is taken by the role allowed to take it, at the dossier's office; tokens are minted once.
    var auth = app.Services.GetRequiredService<IOptions<AuthSettings>>().Value;
    var tokens = new ConcurrentDictionary<(string Office, Kind Kind), AuthenticationHeaderValue>();
    AuthenticationHeaderValue Authorization(string office, Kind kind) => tokens.GetOrAdd((office, kind), key =>
    {
        var role = key.Kind switch
        {
            Kind.SubmitForSignature => Role.Specialist,
            Kind.Approve => Role.Leader,
            _ => Role.CounterOfficer,
        };
        return new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(auth, new EngineUser($"bench.{role}", role, key.Office, false), TimeSpan.FromHours(12)));
    });
    // The open loop keeps as many requests in flight as the engine's latency makes it: no fewer connections than that.
    using var driver = new LifecycleDriver(baseAddress, options.Rate is null ? options.Concurrency : 1024, Authorization);

    Console.WriteLine($"Engine at {baseAddress} on {settings[0].Value}; {options.Dossiers:N0} dossiers, {options.Concurrency} lifecycles at once.");
    if (warmup.Dossiers.Length > 0)
    {
        Console.WriteLine($"Warm-up: {warmup.Dossiers.Length:N0} lifecycles, not counted ...");
        await driver.RunAsync(warmup, options.Concurrency);
        if (driver.Errors > 0)
        {
            Console.Error.WriteLine($"The warm-up failed {driver.Errors} times:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", driver.ErrorMessages)}");
            return 1;
        }

        driver.Reset();
    }

    // Let the warm-up's statistics arrive before counting.
    await Task.Delay(statisticsDelay);
    var activeBefore = await ActiveDossierGrainsAsync(management);
    var memoryBefore = MemorySnapshot.Take();
    var databaseBefore = await DatabaseCounters.ReadAsync(database);
    BoardStreamReaders? streams = null;
    if (options.Streams > 0)
    {
        Console.WriteLine($"Opening {options.Streams:N0} lobby board streams over {Math.Min(options.Streams, plan.Offices.Count)} offices ...");
        streams = await BoardStreamReaders.OpenAsync(baseAddress, [.. plan.Offices.Select(o => o.Code)], options.Streams, TimeSpan.FromMinutes(2));
    }

    var feeds = app.Services.GetRequiredService<BoardFeeds>();
    var framesBefore = streams?.Frames ?? 0;
    var boardReadsBefore = feeds.Reads;
    var cpuBefore = CpuTimes.Read(options.PostgresPidFile);
    var runtimeBefore = RuntimeCounters.Read();
    var loadBefore = LoadAverage();

    Console.WriteLine(options.Rate is { } arrivals
        ? $"Measuring: {plan.Dossiers.Length:N0} lifecycles, open loop at {arrivals:N0} transitions/s ..."
        : $"Measuring: {plan.Dossiers.Length:N0} lifecycles ...");
    using var stopSampling = new CancellationTokenSource();
    var perSecond = new List<long>();
    var sampler = SampleAsync(driver, perSecond, stopSampling.Token);
    var clock = Stopwatch.StartNew();
    await (options.Rate is { } rate
        ? driver.RunOpenLoopAsync(plan, rate, TimeSpan.FromMilliseconds(options.StepIntervalMilliseconds))
        : driver.RunAsync(plan, options.Concurrency));
    var elapsed = clock.Elapsed;
    var cpu = CpuTimes.Read(options.PostgresPidFile) - cpuBefore;
    var runtime = RuntimeCounters.Read() - runtimeBefore;
    var loadAfter = LoadAverage();
    await stopSampling.CancelAsync();
    await sampler;
    var boardStreams = new BoardStreamsResult(
        streams?.Count ?? 0, Math.Min(options.Streams, plan.Offices.Count), (streams?.Frames ?? 0) - framesBefore, feeds.Reads - boardReadsBefore, streams?.Ended ?? 0);
    if (streams is not null)
    {
        await streams.DisposeAsync();
    }

    var settled = Stopwatch.StartNew();
    var activeAfter = await ActiveDossierGrainsAsync(management);
    var memoryAfter = MemorySnapshot.Take();
    await Task.Delay(statisticsDelay - settled.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
    var databaseDelta = await DatabaseCounters.ReadAsync(database) - databaseBefore;
    (double? PerSecond, string? Problem) ceiling = (null, "not measured (--ceiling-seconds 0)");
    if (options.CeilingSeconds > 0)
    {
        Console.WriteLine($"Ceiling of this PostgreSQL: pgbench, {DatabaseCeiling.Clients} clients, {options.CeilingSeconds} s ...");
        ceiling = await DatabaseCeiling.MeasureAsync(database, options.Connection!, options);
    }

    var result = new RunResult(
        DateTimeOffset.UtcNow,
        options,
        plan.PerOffice,
        settings,
        elapsed,
        driver.Latencies,
        driver.CompletedTransitions,
        driver.Errors,
        driver.ErrorMessages,
        perSecond,
        activeBefore,
        activeAfter,
        memoryBefore,
        memoryAfter,
        cpu,
        runtime,
        databaseDelta,
        loadBefore,
        loadAfter,
        boardStreams,
        ceiling.PerSecond,
        ceiling.Problem);
    var markdown = Report.Markdown(result);
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (options.Out is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, markdown);
        Console.WriteLine($"Written to {path}");
    }

    return driver.Errors == 0 ? 0 : 1;
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<int> ActiveDossierGrainsAsync(IManagementGrain management)
{
    var statistics = await management.GetSimpleGrainStatistics();
    return statistics.Where(s => s.GrainType.Contains("DossierGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static async Task SampleAsync(LifecycleDriver driver, List<long> perSecond, CancellationToken stop)
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
    long last = 0;
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            var done = driver.CompletedTransitions;
            perSecond.Add(done - last);
            last = done;
            if (perSecond.Count % 5 == 0)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"  {perSecond.Count,3} s: {perSecond[^1],6:N0} transitions/s, {done,9:N0} done, {driver.Errors} errors"));
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
}
