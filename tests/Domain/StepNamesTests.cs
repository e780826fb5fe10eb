using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Tests.Domain;

/// <summary>Every step a history can hold has its Vietnamese name, the one every page and slip shows.</summary>
public sealed class StepNamesTests
{
    public static TheoryData<string> Kinds()
    {
        var kinds = new TheoryData<string> { "Created" };
        foreach (var action in Enum.GetValues<DossierAction>())
        {
            kinds.Add(action.ToString());
        }

        foreach (var deadline in Enum.GetValues<DeadlineEvent>())
        {
            kinds.Add(deadline.ToString());
        }

        return kinds;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Vietnamese_NamesEveryKindOfStep(string kind)
    {
        var name = StepNames.Vietnamese(kind);

        Assert.NotEqual(kind, name);
        Assert.DoesNotMatch("[A-Z][a-z]+[A-Z]", name);
    }

    [Fact]
    public void Vietnamese_OfADeadlineAfterANewAppointment_SaysSoInVietnamese()
    {
        Assert.Equal("Đến hạn trả kết quả (theo lịch hẹn mới)", StepNames.Vietnamese("Due (new appointment)"));
        Assert.Equal("Đến hạn trả kết quả", StepNames.Vietnamese("Due"));
    }
}
