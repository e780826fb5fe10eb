using CaseEngine.Api.Security;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

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
            ?? throw NotFoundException.Procedure(procedureCode)));

    private static ProcedureInfo ToInfo(Procedure p) => new(
        p.Code, p.Name, p.Level, p.Sector, p.ProcessingTime.WorkingDays, p.ProcessingTime.WorkingHours, p.Fee, p.RequiredDocuments, p.FastTrack, p.Illustrative, p.Form,
        VietnameseWords.ProcessingTime(p.ProcessingTime));
}
