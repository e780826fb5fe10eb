using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;

namespace CaseEngine.Tests.Support;

/// <summary>A small dossier record, as the storage tests write it: received at office 018, due on 13/09/2022 at 11:00.</summary>
public static class SampleDossiers
{
    /// <summary>The sample's due time.</summary>
    public static readonly DateTimeOffset Due = new(2022, 9, 13, 11, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The record of dossier <paramref name="code"/> in <paramref name="status"/> with <paramref name="steps"/> steps, and its projection when <paramref name="projected"/>.</summary>
    public static DossierRecord Record(string code, DossierStatus status, int steps = 0, bool projected = true)
    {
        var state = new DossierState
        {
            Code = code,
            OfficeCode = "018",
            ProcedureCode = "p1",
            Status = status,
            Holder = "cb",
            CreatedAt = Due.AddHours(-2),
            Sla = new Sla { Allotted = "120 working minutes", RuleSetVersion = "v", Deadline = new Deadline { NearlyLateAt = Due.AddMinutes(-30), DueAt = Due, OverdueAt = Due.AddHours(5) } },
            History = [.. Enumerable.Range(1, steps).Select(i => new DossierStep { Sequence = i, Kind = StepKind.Of(DossierAction.Forward), Actor = "cb", At = Due.AddHours(-2) })],
        };
        return new DossierRecord { Dossier = state, Write = projected ? DossierProjection.Project(DossierState.Empty, [], state) : null };
    }
}
