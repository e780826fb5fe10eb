using CaseEngine.Api.Security;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>A procedure of the catalogue.</summary>
/// <param name="Code">National procedure code.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="Sector">Sector.</param>
/// <param name="WorkingDays">Standard processing time in working days, if given in days.</param>
/// <param name="WorkingHours">Standard processing time in working hours, if given in hours.</param>
/// <param name="Fee">Fee.</param>
/// <param name="RequiredDocuments">Documents to hand in.</param>
/// <param name="FastTrack">On the fast-track list.</param>
/// <param name="Illustrative">An example entry, not a verified official one.</param>
/// <param name="Form">Fields of the declaration form the officer or volunteer fills in for the citizen.</param>
/// <param name="ProcessingTimeWording">The standard processing time in Vietnamese ("3 ngày làm việc").</param>
public sealed record ProcedureInfo(
    string Code, string Name, OfficeLevel Level, string Sector, int? WorkingDays, int? WorkingHours, string Fee,
    IReadOnlyList<string> RequiredDocuments, bool FastTrack, bool Illustrative, IReadOnlyList<FormField> Form, string ProcessingTimeWording);

/// <summary>The procedure catalogue.</summary>
public static class ProceduresApi
{
    /// <summary>Maps <c>/api/procedures</c>.</summary>
    public static IEndpointRouteBuilder MapProceduresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/procedures").WithTags("Procedures").Allow(Permissions.Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListProcedures).WithName("ListProcedures").WithSummary("List procedures, optionally by level and fast-track flag");
        api.MapGet("/{procedureCode}", GetProcedure).WithName("GetProcedure").WithSummary("Get a procedure").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Procedures in catalogue order.</summary>
    public static Ok<IReadOnlyList<ProcedureInfo>> ListProcedures(ReferenceData reference, OfficeLevel? level = null, bool? fastTrack = null) =>
        TypedResults.Ok<IReadOnlyList<ProcedureInfo>>(
        [
            .. reference.Procedures.Values
                .Where(p => (level is null || p.Level == level) && (fastTrack is null || p.FastTrack == fastTrack))
                .Select(ToInfo),
        ]);

    /// <summary>One procedure.</summary>
    public static Ok<ProcedureInfo> GetProcedure(string procedureCode, ReferenceData reference) =>
        TypedResults.Ok(ToInfo(reference.Procedures.GetValueOrDefault(procedureCode)
            ?? throw new NotFoundException($"Procedure '{procedureCode}' is not in the catalogue.")));

    private static ProcedureInfo ToInfo(Procedure p) => new(
        p.Code, p.Name, p.Level, p.Sector, p.ProcessingTime.WorkingDays, p.ProcessingTime.WorkingHours, p.Fee, p.RequiredDocuments, p.FastTrack, p.Illustrative, p.Form,
        VietnameseWords.ProcessingTime(p.ProcessingTime));
}
