using System.Text;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Bench;

/// <summary>One dossier to take through its lifecycle: indexes into <see cref="DossierPlan.Offices"/> and <see cref="DossierPlan.Procedures"/>.</summary>
internal readonly record struct PlannedDossier(short Office, short Procedure);

/// <summary>
/// Which office receives each dossier and of which procedure: the district office's share of the year, the rest spread
/// evenly over the communes, each with a procedure of the office's level drawn at random; then shuffled, so offices
/// work side by side as they do in a day. The request paths and bodies are built once.
/// </summary>
internal sealed class DossierPlan
{
    public const string DistrictOffice = "018";

    private DossierPlan(IReadOnlyList<Office> offices, IReadOnlyList<Procedure> procedures, PlannedDossier[] dossiers)
    {
        Offices = offices;
        Procedures = procedures;
        Dossiers = dossiers;
        CreatePaths = [.. offices.Select(o => $"/api/offices/{o.Code}/dossiers")];
        CreateBodies = [.. procedures.Select(p => JsonSerializer.SerializeToUtf8Bytes(new
        {
            procedureCode = p.Code,
            applicant = new { fullName = "Nguyễn Văn A", phone = "0912345678", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
            consent = "Signature",
            form = SampleForm.For(p),
        }))];
    }

    public IReadOnlyList<Office> Offices { get; }

    public IReadOnlyList<Procedure> Procedures { get; }

    public PlannedDossier[] Dossiers { get; }

    /// <summary>Per office: the path dossiers are created at.</summary>
    public string[] CreatePaths { get; }

    /// <summary>Per procedure: the UTF-8 JSON body that creates a dossier of it.</summary>
    public byte[][] CreateBodies { get; }

    /// <summary>How many of the plan's dossiers go to each office, by code.</summary>
    public IReadOnlyDictionary<string, int> PerOffice =>
        Dossiers.GroupBy(d => Offices[d.Office].Code).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// A plan of <paramref name="count"/> dossiers in the year's proportions: 2,152 of 18,782 at the district office.
    /// </summary>
    public static DossierPlan Create(ReferenceData reference, int count, int seed)
    {
        var offices = reference.Offices.Values.ToList();
        var procedures = reference.Procedures.Values.ToList();
        var district = offices.FindIndex(o => o.Code == DistrictOffice);
        if (district < 0)
        {
            throw new InvalidOperationException($"The reference data has no office {DistrictOffice}.");
        }

        var communes = Enumerable.Range(0, offices.Count).Where(i => offices[i].Level == OfficeLevel.Commune).ToList();
        var byLevel = Enum.GetValues<OfficeLevel>().ToDictionary(
            l => l, l => Enumerable.Range(0, procedures.Count).Where(i => procedures[i].Level == l).ToArray());

        var random = new Random(seed);
        var districtCount = (int)Math.Round((double)count * BenchOptions.YearDistrictDossiers / BenchOptions.YearDossiers);
        var dossiers = new PlannedDossier[count];
        for (var i = 0; i < count; i++)
        {
            var office = i < districtCount ? district : communes[(i - districtCount) % communes.Count];
            var choices = byLevel[offices[office].Level];
            dossiers[i] = new PlannedDossier((short)office, (short)choices[random.Next(choices.Length)]);
        }

        random.Shuffle(dossiers);
        return new DossierPlan(offices, procedures, dossiers);
    }

    /// <summary>The steps after creation, in order: path, UTF-8 JSON body and the status the dossier must reach.</summary>
    public static IReadOnlyList<Step> Steps { get; } =
    [
        new(Kind.Forward, "forward", """{"actor":"officer1","to":"specialist1"}""", "InProcessing"),
        new(Kind.SubmitForSignature, "submit-for-signature", """{"actor":"specialist1","to":"leader1"}""", "AwaitingSignature"),
        new(Kind.Approve, "approve", """{"actor":"leader1"}""", "ResultReady"),
        new(Kind.Return, "return", """{"actor":"officer1"}""", "Returned"),
    ];

    /// <summary>A transition after creation.</summary>
    internal sealed record Step(Kind Kind, string Path, string Json, string ExpectedStatus)
    {
        public byte[] Body { get; } = Encoding.UTF8.GetBytes(Json);
    }
}

/// <summary>The five transitions of a lifecycle.</summary>
internal enum Kind
{
    Create,
    Forward,
    SubmitForSignature,
    Approve,
    Return,
}
