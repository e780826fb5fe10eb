using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Tests.Domain;

/// <summary>Every step a history can hold has its Vietnamese name, the one every page and slip shows.</summary>
public sealed class StepNamesTests
{
    public static TheoryData<string> Kinds() => new(StepKind.All.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Vietnamese_NamesEveryKindOfStep(string name)
    {
        var kind = StepKind.Parse(name);

        var vietnamese = StepNames.Vietnamese(kind);

        Assert.NotEqual(name, vietnamese);
        Assert.DoesNotMatch("[A-Z][a-z]+[A-Z]", vietnamese);
        Assert.DoesNotContain("appointment", vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void Vietnamese_GivesEveryKindItsOwnName()
    {
        Assert.Equal(StepKind.All.Count, StepKind.All.Select(StepNames.Vietnamese).Distinct().Count());
    }

    [Fact]
    public void Vietnamese_OfTheStepsThatAreNoAction_AreTheirOwn()
    {
        Assert.Equal("Hồ sơ được tạo", StepNames.Vietnamese(StepKind.Created));
        Assert.Equal("Công dân đánh giá mức độ hài lòng", StepNames.Vietnamese(StepKind.Rated));
        Assert.Equal("Sắp đến hạn trả kết quả", StepNames.Vietnamese(StepKind.Of(DeadlineEvent.NearlyLate)));
        Assert.Equal("Quá hạn trả kết quả", StepNames.Vietnamese(StepKind.Of(DeadlineEvent.Overdue)));
    }

    [Fact]
    public void Vietnamese_OfAnAction_IsWhatTheHistorySaysOnceItIsTaken_NotItsButton()
    {
        Assert.Equal("Chuyển bộ phận chuyên môn xử lý", StepNames.Vietnamese(StepKind.Of(DossierAction.Forward)));
        Assert.Equal("Chuyển xử lý", StepNames.Button(DossierAction.Forward));
    }

    [Fact]
    public void Vietnamese_OfADeadlineAfterANewAppointment_SaysSoInVietnamese()
    {
        Assert.Equal("Đến hạn trả kết quả (theo lịch hẹn mới)", StepNames.Vietnamese(StepKind.Of(DeadlineEvent.Due, generation: 1)));
        Assert.Equal("Đến hạn trả kết quả", StepNames.Vietnamese(StepKind.Of(DeadlineEvent.Due)));
    }

    [Fact]
    public void Vietnamese_OfNoKind_IsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StepNames.Vietnamese(default));
    }
}
