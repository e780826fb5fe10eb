using System.Collections.Immutable;
using CaseEngine.Db;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// Statistics on PostgreSQL: the scenario's numbers, the same answers as the memory engine, no dossier activated; a
/// database of the schema before writes carried their projection upgrades with its dossiers as they were.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class StatisticsTests
{
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

    [Fact]
    public async Task ADatabaseAt0010WithDossiers_Upgrades_WithNothingLost_ReadsTheSame_AndTakesProjectedWrites()
    {
        await using var database = await TestDatabase.CreateAsync("upgrade", migrate: false);
        await DatabaseMigrator.MigrateAsync(database.ConnectionString, upTo: "0010");
        DossierState[] states = [Returned(), OpenFastTrack(), Draft()];
        foreach (var state in states)
        {
            // As the engine stored a dossier then: its plain state, from which the trigger of 0010 made the row.
            await WriteAsync(database, state.Code, JsonStateSerializer.Instance.Serialize(state), expectedVersion: null);
        }

        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var index = new PostgreSqlDossierIndex(source);
        var factsBefore = await FactsAsync(index);
        var listBefore = await index.ListAsync("018", new DossierFilter(), At(12, 0));
        const string Payloads = "SELECT string_agg(encode(PayloadBinary, 'hex'), ',' ORDER BY GrainIdExtensionString) FROM OrleansStorage";
        var payloadsBefore = await database.ScalarAsync<string>(Payloads);

        var upgrade = (await DatabaseMigrator.MigrateAsync(database.ConnectionString)).Select(Script).ToList();
        Assert.Equal(["0011_dossier_write_projection.sql", "0012_reference_versions.sql"], upgrade.Take(2));
        Assert.Equal(DatabaseMigrator.Scripts.Select(Script).Where(s => string.CompareOrdinal(s, "0011") >= 0), upgrade);
        Assert.Equal(2, factsBefore.Count);
        Assert.Equal(factsBefore, await FactsAsync(index));
        Assert.Equal(listBefore, await index.ListAsync("018", new DossierFilter(), At(12, 0)));
        Assert.Equal(3, listBefore.Count);
        Assert.Equal(payloadsBefore, await database.ScalarAsync<string>(Payloads));

        // From now on a write carries its row: the open dossier is resolved and rated, to the microsecond.
        var open = OpenFastTrack();
        var completedAt = new DateTimeOffset(2022, 9, 13, 10, 40, 0, TimeSpan.FromHours(7)).AddTicks(1230);
        var resolved = open with
        {
            Status = DossierStatus.Returned,
            Pause = null,
            WaitingTime = TimeSpan.FromMinutes(42.5),
            CompletedAt = completedAt,
            Outcome = Timeliness.OnTime,
            Rating = new Rating { Satisfaction = Satisfaction.Neutral, At = completedAt.AddMinutes(20), Officers = ["cb.binh"] },
        };
        var write = DossierProjection.Project(open, [], resolved);
        await WriteAsync(database, resolved.Code, DossierRecordSerializer.Instance.Serialize(new DossierRecord { Dossier = resolved, Write = write }), expectedVersion: 1);

        var after = (await FactsAsync(index)).Single(f => f.Code == resolved.Code);
        Assert.Equal(
            (DossierStatus.Returned, completedAt, Timeliness.OnTime, TimeSpan.FromMinutes(42.5), Satisfaction.Neutral, completedAt.AddMinutes(20), (DateTimeOffset?)null),
            (after.Status, after.CompletedAt!.Value, after.Outcome!.Value, after.WaitingTime, after.Satisfaction!.Value, after.RatedAt!.Value, after.PausedSince));
        Assert.Equal(factsBefore.Single(f => f.Code == resolved.Code).ReceivedAt, after.ReceivedAt);

        // The state alone is stored, as the engine reads it back.
        var stored = await database.ScalarAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = @code", ("code", resolved.Code));
        Assert.Equal(JsonStateSerializer.Instance.Serialize(resolved).ToArray(), stored);
        var readBack = DossierRecordSerializer.Instance.Deserialize<DossierRecord>(new BinaryData(stored!));
        Assert.Equal(stored, JsonStateSerializer.Instance.Serialize(readBack.Dossier).ToArray());
        Assert.Null(readBack.Write);
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

    // As the grain storage writes a dossier's payload: through the write query's function.
    private static async Task WriteAsync(TestDatabase database, string code, BinaryData payload, int? expectedVersion)
    {
        var written = await database.ScalarAsync<int>(
            "SELECT caseengine_write_grain_state('caseengine', 'dossier', 1, 2, 0, 0, @code, @expected, @payload)",
            ("code", code),
            ("expected", (object?)expectedVersion ?? DBNull.Value),
            ("payload", payload.ToArray()));
        Assert.Equal((expectedVersion ?? 0) + 1, written);
    }

    // Tuesday 13 September 2022 in Hà Nội, with ticks PostgreSQL rounds away (it keeps microseconds).
    private static DateTimeOffset At(int hour, int minute) => new DateTimeOffset(2022, 9, 13, hour, minute, 0, TimeSpan.FromHours(7)).AddTicks(1234567);

    private static DossierStep Step(int sequence, StepKind kind, DossierStatus to, string actor, DateTimeOffset at) =>
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
        History =
        [
            Step(1, StepKind.Created, DossierStatus.Draft, "cb.an", At(9, 0)),
            Step(2, StepKind.Of(DossierAction.Receive), DossierStatus.Received, "cb.an", At(9, 0)),
            Step(3, StepKind.Of(DossierAction.ApproveResult), DossierStatus.ResultReady, "ld.ubnd", At(15, 0)),
            Step(4, StepKind.Of(DossierAction.ReturnResult), DossierStatus.Returned, "cb.an", At(15, 30)),
        ],
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
        History =
        [
            Step(1, StepKind.Created, DossierStatus.Draft, "tnv.an", At(8, 30)),
            Step(2, StepKind.Of(DossierAction.Receive), DossierStatus.Received, "cb.binh", At(9, 0)),
            Step(3, StepKind.Of(DossierAction.RequestSupplement), DossierStatus.SupplementRequested, "cb.binh", At(9, 30)),
        ],
    };

    private static DossierState Draft() => new()
    {
        Code = "018-220913-0003",
        OfficeCode = "018",
        ProcedureCode = "p.fast",
        Status = DossierStatus.Draft,
        CreatedAt = At(8, 0),
        History = ImmutableList.Create(Step(1, StepKind.Created, DossierStatus.Draft, "tnv.an", At(8, 0))),
    };
}
