using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// A step's kind is typed in the code and the same text everywhere outside it: the stored state, the projection line
/// the outbox copies and the API's JSON hold the strings the engine wrote when a kind was a string.
/// </summary>
public sealed class StepKindTests
{
    // Every string a history held before kinds were typed, with the kind it is now, then the kinds added since.
    private static readonly (string Name, StepKind Kind)[] Legacy =
    [
        ("Created", StepKind.Created),
        ("Receive", StepKind.Of(DossierAction.Receive)),
        ("Refuse", StepKind.Of(DossierAction.Refuse)),
        ("Forward", StepKind.Of(DossierAction.Forward)),
        ("SubmitForSignature", StepKind.Of(DossierAction.SubmitForSignature)),
        ("ApproveResult", StepKind.Of(DossierAction.ApproveResult)),
        ("ReturnResult", StepKind.Of(DossierAction.ReturnResult)),
        ("RequestSupplement", StepKind.Of(DossierAction.RequestSupplement)),
        ("ResubmitSupplement", StepKind.Of(DossierAction.ResubmitSupplement)),
        ("RequirePayment", StepKind.Of(DossierAction.RequirePayment)),
        ("ConfirmPayment", StepKind.Of(DossierAction.ConfirmPayment)),
        ("Withdraw", StepKind.Of(DossierAction.Withdraw)),
        ("Stop", StepKind.Of(DossierAction.Stop)),
        ("IssueApology", StepKind.Of(DossierAction.IssueApology)),
        ("NearlyLate", StepKind.Of(DeadlineEvent.NearlyLate)),
        ("Due", StepKind.Of(DeadlineEvent.Due)),
        ("Overdue", StepKind.Of(DeadlineEvent.Overdue)),
        ("NearlyLate (new appointment)", StepKind.Of(DeadlineEvent.NearlyLate, generation: 1)),
        ("Due (new appointment)", StepKind.Of(DeadlineEvent.Due, generation: 1)),
        ("Overdue (new appointment)", StepKind.Of(DeadlineEvent.Overdue, generation: 1)),
        ("Rate", StepKind.Rated),
        ("Revise", StepKind.Revised),
    ];

    // The API's options: enums as names, which must not reach a kind.
    private static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> Names() => new(Legacy.Select(l => l.Name));

    public static TheoryData<string> Unknown() => new("Rated", "Revised", "forward", "Due(new appointment)", "Due (New appointment)", " Forward", "", "Deadline", "0");

    private static IEnumerable<JsonSerializerOptions> EveryOptions =>
        [JsonStateSerializer.Options, DossierRecordSerializer.ProjectionOptions, Api, JsonSerializerOptions.Default];

    [Fact]
    public void All_IsEveryKindAHistoryHeld_EachOnce()
    {
        Assert.Equal(Legacy.Select(l => l.Kind), StepKind.All);
        Assert.Equal(StepKind.All.Count, StepKind.All.Distinct().Count());
        Assert.All(Enum.GetValues<DossierAction>(), a => Assert.Contains(StepKind.Of(a), StepKind.All));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_IsTheStringTheHistoryHeld_AndParsesBack(string name)
    {
        var kind = Legacy.Single(l => l.Name == name).Kind;

        Assert.Equal(name, kind.Name);
        Assert.Equal(name, kind.ToString());
        Assert.Equal(kind, StepKind.Parse(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Json_WritesTheName_AndReadsItBack_WhateverTheOptions(string name)
    {
        var kind = StepKind.Parse(name);

        Assert.All(EveryOptions, options =>
        {
            var json = JsonSerializer.Serialize(kind, options);
            Assert.Equal(name, JsonDocument.Parse(json).RootElement.GetString());
            Assert.Equal(kind, JsonSerializer.Deserialize<StepKind>(json, options));
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Json_ReadsTheStringTheEngineStoredBefore(string name)
    {
        var json = JsonSerializer.Serialize(name);

        Assert.All(EveryOptions, options => Assert.Equal(Legacy.Single(l => l.Name == name).Kind, JsonSerializer.Deserialize<StepKind>(json, options)));
    }

    [Theory]
    [MemberData(nameof(Unknown))]
    public void Json_OfAnUnknownName_IsAClearError(string name)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DossierStep>($$"""{"Sequence":1,"Kind":{{JsonSerializer.Serialize(name)}},"Actor":"cb"}""", JsonStateSerializer.Options));

        Assert.Contains($"\"{name}\" is not a step kind", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Due (new appointment)\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.Kind", error.Path);
        Assert.False(StepKind.TryParse(name, out _));
        Assert.Throws<FormatException>(() => StepKind.Parse(name));
    }

    [Fact]
    public void Json_OfANumberOrNull_IsAnError_NotAKind()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StepKind>("1", JsonStateSerializer.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StepKind>("null", JsonStateSerializer.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StepKind>("{}", Api));
    }

    [Fact]
    public void Json_OfNoKind_IsNotWritten()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(default(StepKind), Api));
        Assert.Equal(string.Empty, default(StepKind).Name);
    }

    [Fact]
    public void StoredState_HoldsTheNameOfEveryStep_TheCreationToo()
    {
        var state = new DossierState
        {
            Code = "018-220913-0001",
            Status = DossierStatus.Draft,
            History = [.. Legacy.Select((l, i) => new DossierStep { Sequence = i + 1, Kind = l.Kind, Actor = "cb" })],
        };

        var stored = JsonStateSerializer.Instance.Serialize(state).ToString();
        var history = JsonDocument.Parse(stored).RootElement.GetProperty("History").EnumerateArray();

        Assert.Equal(Legacy.Select(l => l.Name), history.Select(h => h.GetProperty("Kind").GetString()));
        Assert.Equal(state.History, JsonStateSerializer.Instance.Deserialize<DossierState>(BinaryData.FromString(stored)).History);
    }

    [Fact]
    public void ProjectionLine_GivesTheOutboxTheName()
    {
        var step = new PortalStep(
            Channel.NationalPortal, "G22.99.1", "018-220913-0001", "018", "p1", 3, StepKind.Of(DeadlineEvent.Due, generation: 1), DossierStatus.Received,
            DateTimeOffset.UnixEpoch, null, null, null);

        var line = JsonDocument.Parse(JsonSerializer.Serialize(step, DossierRecordSerializer.ProjectionOptions)).RootElement;

        Assert.Equal("Due (new appointment)", line.GetProperty("kind").GetString());
    }

    [Fact]
    public void OrleansCopiesAndSerializesEveryKind()
    {
        using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(StepKind).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        Assert.All(StepKind.All, kind =>
        {
            Assert.Equal(kind, serializer.Deserialize<StepKind>(serializer.SerializeToArray(kind)));
            var step = new DossierStep { Sequence = 1, Kind = kind, Actor = "cb" };
            Assert.Equal(step, serializer.Deserialize<DossierStep>(serializer.SerializeToArray(step)));
        });
    }

    [Fact]
    public void Of_AKindOfNothing_IsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StepKind.Of((DossierAction)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepKind.Of((DeadlineEvent)99));
    }

    [Fact]
    public void Of_ADeadlineEvent_IsOfTheNewAppointmentFromTheFirstOneOn()
    {
        Assert.False(StepKind.Of(DeadlineEvent.Due, generation: 0).NewAppointment);
        Assert.True(StepKind.Of(DeadlineEvent.Due, generation: 1).NewAppointment);
        Assert.Equal((StepType.Deadline, null, DeadlineEvent.Due), (StepKind.Of(DeadlineEvent.Due).Type, StepKind.Of(DeadlineEvent.Due).Action, StepKind.Of(DeadlineEvent.Due).Deadline));
        Assert.Equal((StepType.Action, DossierAction.Stop, null), (StepKind.Of(DossierAction.Stop).Type, StepKind.Of(DossierAction.Stop).Action, StepKind.Of(DossierAction.Stop).Deadline));
    }
}
