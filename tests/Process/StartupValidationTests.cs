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

    private static void AssertNoStackTrace(EngineProcess engine)
    {
        foreach (var text in new[] { engine.Output, string.Join('\n', engine.ErrorLines) })
        {
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
