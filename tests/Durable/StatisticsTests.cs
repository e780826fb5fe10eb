using System.Collections.Immutable;
using CaseEngine.Db;
using CaseEngine.Domain.Dossiers;
using CaseEngine.ReadSide;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;
using DbUp;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// Statistics on PostgreSQL: the scenario's numbers, the same answers as the memory engine, no dossier activated; the
/// migration that adds the statistics columns fills them for dossiers stored before it, and can run again.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class StatisticsTests
{
    private const string StatisticsScript = "0008_statistics.sql";

    [Fact]
    public async Task Statistics_OnPostgreSql_AreTheScenariosNumbers_AsInMemory_WithoutActivatingDossiers()
    {
        await using var database = await TestDatabase.CreateAsync("statistics");
        await using (var engine = StatisticsScenario.Engine(database.ConnectionString))
        {
            await StatisticsScenario.BuildAsync(engine);
        }

        // A fresh engine at the reading time: the statistics come from the read side alone.
        await using var restarted = new CaseEngine.Tests.Api.ApiFactory
        {
            ConnectionString = database.ConnectionString,
            Time = new(StatisticsScenario.ReadAt),
        };
        var leader = StatisticsScenario.Leader(restarted);
        await StatisticsScenario.AssertNumbersAsync(leader);
        var onPostgreSql = await AnswersAsync(leader);

        var management = restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var dossiers = (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("Dossier", StringComparison.OrdinalIgnoreCase)).Sum(s => s.ActivationCount);
        Assert.Equal(0, dossiers);

        await using var memory = StatisticsScenario.Engine();
        await StatisticsScenario.BuildAsync(memory);
        Assert.Equal(await AnswersAsync(StatisticsScenario.Leader(memory)), onPostgreSql);
    }

    // The scripts a database had before the statistics (their numbers sort before 0008's).
    private static bool IsBeforeStatistics(string resource)
    {
        var file = resource[(resource.LastIndexOf("Migrations.", StringComparison.Ordinal) + "Migrations.".Length)..];
        return string.CompareOrdinal(file, StatisticsScript) < 0;
    }

    [Fact]
    public async Task Migration_FillsTheColumnsOfDossiersStoredBeforeIt_AsTheMemoryIndexReadsThem_AndRunsAgainSafely()
    {
        await using var database = await TestDatabase.CreateAsync("statmigrate", migrate: false);
        var before = DeployChanges.To.PostgresqlDatabase(database.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal) && IsBeforeStatistics(name))
            .JournalToPostgresqlTable("public", "schema_migrations")
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(before.Successful, before.Error?.Message);

        DossierState[] states = [Returned(), OpenFastTrack(), Draft()];
        foreach (var state in states)
        {
            await WriteAsync(database, state, expectedVersion: null);
        }

        Assert.Equal(
            [.. DatabaseMigrator.Scripts.Select(Script).Where(script => string.CompareOrdinal(script, StatisticsScript) >= 0)],
            (await DatabaseMigrator.MigrateAsync(database.ConnectionString)).Select(Script));
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var index = new PostgreSqlDossierIndex(source);
        var expected = states.Select(DossierFacts.Of).OfType<DossierFacts>().OrderBy(f => f.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, await FactsAsync(index));

        // Run again, over columns that lost their values: the same facts, nothing else changed.
        await database.ExecuteAsync("UPDATE dossier_index SET received_at = NULL, received_by = NULL, outcome = NULL, waiting_time = '0', satisfaction = NULL");
        var rows = await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index");
        await RunStatisticsScriptAsync(database);
        await RunStatisticsScriptAsync(database);
        Assert.Equal(expected, await FactsAsync(index));
        Assert.Equal(rows, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index WHERE code = @code AND received_at IS NOT NULL", ("code", Draft().Code)));

        // And the trigger keeps them from now on: the open dossier is resolved and rated.
        var resolved = OpenFastTrack() with
        {
            Status = DossierStatus.Returned,
            Pause = null,
            WaitingTime = TimeSpan.FromMinutes(42.5),
            CompletedAt = At(10, 40),
            Outcome = Timeliness.OnTime,
            Rating = new Rating { Satisfaction = Satisfaction.Neutral, At = At(11, 0), Officers = ["cb.binh"] },
        };
        await WriteAsync(database, resolved, expectedVersion: 1);
        var after = await FactsAsync(index);
        Assert.Equal(DossierFacts.Of(resolved), after.Single(f => f.Code == resolved.Code));
        Assert.Equal(TimeSpan.FromMinutes(42.5), after.Single(f => f.Code == resolved.Code).WaitingTime);
    }

    private static string Script(string name) => name[(name.IndexOf("Migrations.", StringComparison.Ordinal) + "Migrations.".Length)..];

    private static async Task<List<string>> AnswersAsync(HttpClient leader)
    {
        var answers = new List<string>();
        foreach (var query in StatisticsScenario.Queries)
        {
            answers.Add(await leader.GetStringAsync($"/api/statistics?{query}"));
            answers.Add(await leader.GetStringAsync($"/api/statistics/fast-track-report?{query}"));
        }

        return answers;
    }

    private static async Task<List<DossierFacts>> FactsAsync(PostgreSqlDossierIndex index) =>
        [.. (await index.FactsAsync(new FactsQuery(["018"], null, At(0, 0).AddDays(-30), At(0, 0).AddDays(30))))
            .OrderBy(f => f.Code, StringComparer.Ordinal)];

    private static async Task RunStatisticsScriptAsync(TestDatabase database)
    {
        var name = DatabaseMigrator.Scripts.Single(s => s.EndsWith(StatisticsScript, StringComparison.Ordinal));
        await using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        await database.ExecuteAsync(await reader.ReadToEndAsync());
    }

    private static async Task WriteAsync(TestDatabase database, DossierState state, int? expectedVersion)
    {
        var written = await database.ScalarAsync<int>(
            "SELECT caseengine_write_grain_state('caseengine', 'dossier', 1, 2, 0, 0, @code, @expected, @payload)",
            ("code", state.Code),
            ("expected", (object?)expectedVersion ?? DBNull.Value),
            ("payload", JsonStateSerializer.Instance.Serialize(state).ToArray()));
        Assert.Equal((expectedVersion ?? 0) + 1, written);
    }

    // Tuesday 13 September 2022 in Hà Nội, with ticks PostgreSQL rounds away (it keeps microseconds).
    private static DateTimeOffset At(int hour, int minute) => new DateTimeOffset(2022, 9, 13, hour, minute, 0, TimeSpan.FromHours(7)).AddTicks(1234567);

    private static DossierStep Step(int sequence, string kind, DossierStatus to, string actor, DateTimeOffset at) =>
        new() { Sequence = sequence, Kind = kind, From = DossierStatus.None, To = to, Actor = actor, At = at };

    private static Sla Sla(SlaRule rule) => new()
    {
        Rule = rule,
        Allotted = "120 working minutes",
        RuleSetVersion = "GL-2022.1",
        ClockStartedAt = At(9, 0),
        Deadline = new Deadline { NearlyLateAt = At(10, 30), DueAt = At(11, 0), OverdueAt = At(16, 0) },
    };

    // Standard rule, a supplement waited a day and more (the TimeSpan has days), early (stored as 0), rated.
    private static DossierState Returned() => new()
    {
        Code = "018-220913-0001",
        OfficeCode = "018",
        ProcedureCode = "p.standard",
        Status = DossierStatus.Returned,
        CreatedAt = At(9, 0),
        Sla = Sla(SlaRule.Standard),
        CompletedAt = At(15, 0),
        Outcome = Timeliness.Early,
        WaitingTime = new TimeSpan(1, 2, 3, 4, 500),
        Rating = new Rating { Satisfaction = Satisfaction.Satisfied, At = At(16, 0), Officers = ["cb.an"] },
        History = [Step(1, "Created", DossierStatus.Draft, "cb.an", At(9, 0)), Step(2, "Receive", DossierStatus.Received, "cb.an", At(9, 0)),
            Step(3, "ApproveResult", DossierStatus.ResultReady, "ld.ubnd", At(15, 0)), Step(4, "ReturnResult", DossierStatus.Returned, "cb.an", At(15, 30))],
    };

    // Fast-track (the rule's 0 is left out of the JSON), received from a volunteer's draft, paused.
    private static DossierState OpenFastTrack() => new()
    {
        Code = "018-220913-0002",
        OfficeCode = "018",
        ProcedureCode = "p.fast",
        Status = DossierStatus.SupplementRequested,
        CreatedAt = At(8, 30),
        Sla = Sla(SlaRule.FastTrack),
        Pause = new Pause { Since = At(9, 30), ResumeTo = DossierStatus.Received },
        SupplementRequested = true,
        History = [Step(1, "Created", DossierStatus.Draft, "tnv.an", At(8, 30)), Step(2, "Receive", DossierStatus.Received, "cb.binh", At(9, 0)),
            Step(3, "RequestSupplement", DossierStatus.SupplementRequested, "cb.binh", At(9, 30))],
    };

    private static DossierState Draft() => new()
    {
        Code = "018-220913-0003",
        OfficeCode = "018",
        ProcedureCode = "p.fast",
        Status = DossierStatus.Draft,
        CreatedAt = At(8, 0),
        History = ImmutableList.Create(Step(1, "Created", DossierStatus.Draft, "tnv.an", At(8, 0))),
    };
}
