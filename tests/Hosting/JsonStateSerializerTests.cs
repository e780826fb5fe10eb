using System.Text.Json;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Hosting;

/// <summary>Dossier state is stored as plain JSON that rows written by earlier versions still load from.</summary>
public sealed class JsonStateSerializerTests
{
    // A returned dossier exactly as the engine stored it before it wrote state with System.Text.Json.
    private const string StoredEarlier = """
        {"Code":"00547-261127-0399","OfficeCode":"00547","ProcedureCode":"1.001193.000.00.00.H29","Applicant":{"FullName":"Nguyễn Văn A","Phone":"0912345678","CitizenId":"001085012345","Address":"Số 1 Trâu Quỳ, Gia Lâm, Hà Nội"},"Status":11,"EnteredBy":"bench.CounterOfficer","Holder":"Nguyễn Văn A","CreatedAt":"2026-11-27T13:12:19.7978372+00:00","Sla":{"Rule":1,"Allotted":"3 working days","RuleSetVersion":"GL-2022.1","ClockStartedAt":"2026-11-30T08:00:00+07:00","Deadline":{"NearlyLateAt":"2026-12-02T17:00:00+07:00","DueAt":"2026-12-03T17:00:00+07:00","OverdueAt":"2026-12-04T12:00:00+07:00"}},"Schedule":{"Deadline":{"NearlyLateAt":"2026-12-02T17:00:00+07:00","DueAt":"2026-12-03T17:00:00+07:00","OverdueAt":"2026-12-04T12:00:00+07:00"},"Next":0},"CompletedAt":"2026-11-27T13:12:19.843003+00:00","Outcome":0,"History":[{"Sequence":1,"Kind":"Created","To":1,"Actor":"bench.CounterOfficer","At":"2026-11-27T13:12:19.7978372+00:00","Audit":{"Role":"CounterOfficer","Office":"00547","ClientAddress":"127.0.0.1"}},{"Sequence":2,"Kind":"Receive","From":1,"To":2,"Actor":"bench.CounterOfficer","At":"2026-11-27T13:12:19.7978372+00:00","HandOverFrom":"Nguyễn Văn A","HandOverTo":"bench.CounterOfficer","Timeliness":0,"Audit":{"Role":"CounterOfficer","Office":"00547","ClientAddress":"127.0.0.1"}},{"Sequence":3,"Kind":"Forward","From":2,"To":4,"Actor":"bench.CounterOfficer","At":"2026-11-27T13:12:19.8095552+00:00","HandOverFrom":"bench.CounterOfficer","HandOverTo":"specialist1","Timeliness":0,"Audit":{"Role":"CounterOfficer","Office":"00547","ClientAddress":"127.0.0.1"}},{"Sequence":4,"Kind":"SubmitForSignature","From":4,"To":5,"Actor":"bench.Specialist","At":"2026-11-27T13:12:19.8355047+00:00","HandOverFrom":"specialist1","HandOverTo":"leader1","Timeliness":0,"Audit":{"Role":"Specialist","Office":"00547","ClientAddress":"127.0.0.1"}},{"Sequence":5,"Kind":"ApproveResult","From":5,"To":10,"Actor":"bench.Leader","At":"2026-11-27T13:12:19.843003+00:00","HandOverFrom":"leader1","HandOverTo":"Bộ phận Một cửa","Timeliness":0,"Audit":{"Role":"Leader","Office":"00547","ClientAddress":"127.0.0.1"}},{"Sequence":6,"Kind":"ReturnResult","From":10,"To":11,"Actor":"bench.CounterOfficer","At":"2026-11-27T13:12:19.8738402+00:00","HandOverFrom":"Bộ phận Một cửa","HandOverTo":"Nguyễn Văn A","Timeliness":0,"Audit":{"Role":"CounterOfficer","Office":"00547","ClientAddress":"127.0.0.1"}}],"Consent":{"Method":1,"At":"2026-11-27T13:12:19.7978372+00:00","By":"bench.CounterOfficer"},"Form":{"childName":"Nguyễn Thị Bích Ngọc","childBirthDate":"2022-01-10","childSex":"Nam"},"Exists":true}
        """;

    private static DossierState Load(string json) => JsonStateSerializer.Instance.Deserialize<DossierState>(BinaryData.FromString(json));

    private static string Store(DossierState state) => JsonStateSerializer.Instance.Serialize(state).ToString();

    [Fact]
    public void ARowWrittenByAnEarlierVersion_LoadsWithEveryField()
    {
        var state = Load(StoredEarlier);

        Assert.Equal("00547-261127-0399", state.Code);
        Assert.Equal(DossierStatus.Returned, state.Status);
        Assert.Equal("001085012345", state.Applicant?.CitizenId);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.FromHours(7)), state.Sla?.Deadline.DueAt);
        Assert.Equal(6, state.History.Count);
        Assert.Equal(
            [StepKind.Created, .. new[] { DossierAction.Receive, DossierAction.Forward, DossierAction.SubmitForSignature, DossierAction.ApproveResult, DossierAction.ReturnResult }.Select(StepKind.Of)],
            state.History.Select(s => s.Kind));
        Assert.Equal(DossierStatus.None, state.History[0].From); // left out when it was the default
        Assert.Equal(Timeliness.Early, state.History[2].Timeliness);
        Assert.Equal("specialist1", state.History[2].HandOverTo);
        Assert.Equal("Specialist", state.History[3].Audit?.Role);
        Assert.Equal(ConsentMethod.Signature, state.Consent?.Method);
        Assert.Equal("Nam", state.Form?["childSex"]);
        Assert.Equal(TimeSpan.Zero, state.WaitingTime);
    }

    [Fact]
    public void StoredState_IsPlainJson_WithoutComputedProperties_AndReadsBackTheSame()
    {
        var state = Load(StoredEarlier);

        var stored = Store(state);
        using var document = JsonDocument.Parse(stored);

        Assert.Equal(stored, Store(Load(stored)));
        Assert.False(document.RootElement.TryGetProperty("Exists", out _));
        Assert.False(document.RootElement.TryGetProperty("NextDeadlineEventAt", out _));
        Assert.DoesNotContain("$type", stored, StringComparison.Ordinal);
        Assert.Equal(11, document.RootElement.GetProperty("Status").GetInt32());
        Assert.Equal("2026-12-03T17:00:00+07:00", document.RootElement.GetProperty("Sla").GetProperty("Deadline").GetProperty("DueAt").GetString());
        Assert.Equal(6, document.RootElement.GetProperty("History").GetArrayLength());
        Assert.Equal(
            ["Created", "Receive", "Forward", "SubmitForSignature", "ApproveResult", "ReturnResult"],
            document.RootElement.GetProperty("History").EnumerateArray().Select(s => s.GetProperty("Kind").GetString()));
        Assert.Contains("Nguyễn Văn A", stored, StringComparison.Ordinal); // letters, not \u escapes, for people reading the table
    }
}
