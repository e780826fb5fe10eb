using System.Diagnostics;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

[Collection(ProcessCollection.Name)]
public sealed class StartupValidationTests
{
    // Nothing listens on port 1: the connection is refused at once.
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Database=caseengine;Username=caseengine;Password=caseengine";

    private static readonly TimeSpan FewSeconds = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Start_WithUnreachableDatabase_ExitsWithOneLineNamingIt()
    {
        await using var engine = EngineProcess.Start("engine", UnreachableDatabase);
        var clock = Stopwatch.StartNew();

        var exitCode = await engine.WaitForExitAsync(FewSeconds);

        Assert.True(exitCode == 1, $"exit code {exitCode} after {clock.Elapsed.TotalSeconds:0.0} s. {engine.Describe()}");
        var line = Assert.Single(engine.ErrorLines);
        Assert.StartsWith("CaseEngine cannot start: cannot reach PostgreSQL at 127.0.0.1:1 (database caseengine, user caseengine): ", line, StringComparison.Ordinal);
        AssertNoStackTrace(engine);
    }

    [Fact]
    public async Task Start_WithUnknownStorage_ExitsWithOneLineNamingTheSetting()
    {
        await using var engine = EngineProcess.Start("engine", UnreachableDatabase, new Dictionary<string, string?> { ["CaseEngine__Storage"] = "Nonsense" });

        var exitCode = await engine.WaitForExitAsync(FewSeconds);

        Assert.True(exitCode == 1, $"exit code {exitCode}. {engine.Describe()}");
        var line = Assert.Single(engine.ErrorLines);
        Assert.StartsWith("CaseEngine cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains("CaseEngine:Storage", line, StringComparison.Ordinal);
        AssertNoStackTrace(engine);
    }

    [Fact]
    public async Task Start_WithServicePortalAddressNotHttp_ExitsWithOneLineNamingTheSetting()
    {
        await using var engine = EngineProcess.Start("engine", UnreachableDatabase, new Dictionary<string, string?> { ["CaseEngine__ServicePortalAddress"] = "dichvucong.gov.vn/p/home" });

        var exitCode = await engine.WaitForExitAsync(FewSeconds);

        Assert.True(exitCode == 1, $"exit code {exitCode}. {engine.Describe()}");
        var line = Assert.Single(engine.ErrorLines);
        Assert.StartsWith("CaseEngine cannot start: CaseEngine:ServicePortalAddress must be an absolute http or https address", line, StringComparison.Ordinal);
        Assert.Contains("'dichvucong.gov.vn/p/home'", line, StringComparison.Ordinal);
        AssertNoStackTrace(engine);
    }

    [Theory]
    [InlineData("CaseEngine__SiloPort", "eleven", "the CaseEngine settings cannot be read: Failed to convert configuration value 'eleven' at 'CaseEngine:SiloPort'")]
    [InlineData("CaseEngine__Membership__ProbeTimeoutSeconds", "0", "The field CaseEngine:Membership:ProbeTimeoutSeconds must be between 1 and 60, not 0.")]
    [InlineData("CaseEngine__Board__MaxStreams", "0", "The field CaseEngine:Board:MaxStreams must be between 1 and 100000, not 0.")]
    [InlineData("CaseEngine__Faults__IntervalSeconds", "0", "The field CaseEngine:Faults:IntervalSeconds must be between 1 and 3600, not 0.")]
    public async Task Start_WithABadSetting_ExitsWithOneLineNamingIt_BeforeTheDatabase(string variable, string value, string expected)
    {
        await using var engine = EngineProcess.Start("engine", UnreachableDatabase, new Dictionary<string, string?> { [variable] = value });

        var exitCode = await engine.WaitForExitAsync(FewSeconds);

        Assert.True(exitCode == 1, $"exit code {exitCode}. {engine.Describe()}");
        var line = Assert.Single(engine.ErrorLines);
        Assert.StartsWith("CaseEngine cannot start: " + expected, line, StringComparison.Ordinal);
        AssertNoStackTrace(engine);
    }

    private static void AssertNoStackTrace(EngineProcess engine)
    {
        foreach (var text in new[] { engine.Output, string.Join('\n', engine.ErrorLines) })
        {
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
