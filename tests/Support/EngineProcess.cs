using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CaseEngine.Api;

namespace CaseEngine.Tests.Support;

/// <summary>
/// The built engine (<c>dotnet CaseEngine.Api.dll</c>) running as a separate OS process on free ports, with its
/// standard output and error captured. Killed, with anything it left running, on dispose.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    /// <summary>How long a process may take to become ready on a busy two-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Settings the tests never want to inherit from the environment they run in.
    private static readonly string[] InheritedPrefixes = ["CaseEngine__", "ConnectionStrings__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "Logging__"];

    private readonly System.Diagnostics.Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();

    private EngineProcess(string name, System.Diagnostics.Process process, int httpPort, int siloPort, int gatewayPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Http = new HttpClient(new Tokens.ActingHandler { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Name given in failure messages.</summary>
    public string Name { get; }

    /// <summary>Operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Port of the HTTP API.</summary>
    public int HttpPort { get; }

    /// <summary>Port the silo talks to other silos on (the <c>Port</c> of its membership row).</summary>
    public int SiloPort { get; }

    /// <summary>Orleans gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>Where the HTTP API listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client of the HTTP API, with <see cref="BaseAddress"/> set.</summary>
    public HttpClient Http { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Standard error so far, one entry per line.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>
    /// Starts an engine on the PostgreSQL database <paramref name="connectionString"/>, with free HTTP, silo and
    /// gateway ports; <paramref name="settings"/> adds or overrides configuration (keys as environment variables,
    /// e.g. <c>CaseEngine__Storage</c>; a null value removes the variable). Does not wait for it to be ready.
    /// </summary>
    public static EngineProcess Start(string name, string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ports = FreePorts(3);
        var environment = EngineEnvironment(ports);
        environment["ConnectionStrings__CaseEngine"] = connectionString;
        environment["CaseEngine__Storage"] = "PostgreSql";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var engine = RepositoryPaths.EngineAssembly;
        return Launch(name, "dotnet", [engine], Path.GetDirectoryName(engine)!, environment, ports);
    }

    /// <summary>
    /// Starts <c>./run.sh</c>, as a person or a service manager would: it starts a local PostgreSQL of its own in
    /// <paramref name="databaseFolder"/> on <paramref name="databasePort"/>, then the engine on free HTTP, silo and
    /// gateway ports. The process is the script's: signals go to it, and it answers for the engine and the database.
    /// </summary>
    public static EngineProcess StartScript(string name, string databaseFolder, int databasePort)
    {
        var ports = FreePorts(3);
        var environment = EngineEnvironment(ports);
        environment["CASEENGINE_DB_DIR"] = databaseFolder;
        environment["CASEENGINE_DB_PORT"] = databasePort.ToString(CultureInfo.InvariantCulture);
        return Launch(name, "bash", [Path.Combine(RepositoryPaths.Root, "run.sh")], RepositoryPaths.Root, environment, ports);
    }

    // The tests' key, the ports chosen (HTTP, silo, gateway), and timestamped log lines without the placement
    // pipeline's per-activation information lines.
    private static Dictionary<string, string?> EngineEnvironment(int[] ports) => new()
    {
        ["CaseEngine__Auth__SigningKey"] = Tokens.SigningKey,
        ["CaseEngine__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
        ["CaseEngine__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__LogLevel__Polly"] = "Warning",
    };

    /// <summary>A free loopback port.</summary>
    public static int FreePort() => FreePorts(1)[0];

    private static EngineProcess Launch(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory, Dictionary<string, string?> environment, int[] ports)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new EngineProcess(name, process, ports[0], ports[1], ports[2]);
        process.OutputDataReceived += (_, e) => started.Append(started._output, e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(started._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Starts an engine and waits until it is ready.</summary>
    public static async Task<EngineProcess> StartReadyAsync(string name, string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var engine = Start(name, connectionString, settings);
        try
        {
            await engine.WaitUntilReadyAsync();
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>GET /health/ready</c>: its status code and report, or null when nothing answered.</summary>
    public async Task<(HttpStatusCode Status, HealthResponse Report)?> ReadinessAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var report = await response.Content.ReadFromJsonAsync<HealthResponse>(Json);
            return (response.StatusCode, report!);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls <c>/health/ready</c> until it answers 200 and <paramref name="until"/> holds of the report; fails at once
    /// if the process ends, and after <paramref name="timeout"/> (default <see cref="StartTimeout"/>).
    /// </summary>
    public async Task<HealthResponse> WaitUntilReadyAsync(Func<HealthResponse, bool>? until = null, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? StartTimeout;
        (HttpStatusCode Status, HealthResponse Report)? last = null;
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} ended before it was ready. {Describe()}");
            }

            last = await ReadinessAsync() ?? last;
            if (last is { Status: HttpStatusCode.OK, Report: var report } && (until is null || until(report)))
            {
                return report;
            }

            if (deadline.Elapsed > limit)
            {
                var seen = last is { } l ? $"{(int)l.Status} {JsonSerializer.Serialize(l.Report, Json)}" : "no answer";
                throw new TimeoutException($"{Name} was not ready within {limit.TotalSeconds:0} s (last readiness: {seen}). {Describe()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not end within {timeout.TotalSeconds:0} s. {Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Ends the process at once with SIGKILL, as a crash or an out-of-memory kill would.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the instance would, and waits for the process to end.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        SendTerminate();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public void SendTerminate() => SendSignal("TERM");

    /// <summary>Sends the signal <paramref name="signal"/> (such as <c>TERM</c> or <c>INT</c>) without waiting.</summary>
    public void SendSignal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("kill could not be started.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>The process's state and the end of its output, for failure messages.</summary>
    public string Describe()
    {
        string[] output;
        string[] errors;
        lock (_gate)
        {
            output = [.. _output.TakeLast(80)];
            errors = [.. _errors.TakeLast(40)];
        }

        var state = HasExited ? $"exited with {_process.ExitCode}" : "running";
        return $"{Name} (pid {Id}, http {HttpPort}, silo {SiloPort}) {state}.\n--- stdout (last {output.Length} lines) ---\n{string.Join('\n', output)}\n"
            + $"--- stderr ---\n{string.Join('\n', errors)}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            Http.Dispose();
            _process.Dispose();
        }
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
        }
    }

    private static int[] FreePorts(int count)
    {
        // Hold every listener until all are chosen, so the ports differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
