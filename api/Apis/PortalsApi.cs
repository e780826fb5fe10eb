using System.Text.Json;
using CaseEngine.Api.Portals;
using CaseEngine.Api.Security;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Portals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Apis;

/// <summary>
/// The portals' side of the engine: online dossiers in (each portal in its own format, through its adapter), and the
/// outbox of status updates going back to them.
/// </summary>
public static class PortalsApi
{
    /// <summary>Maps <c>/api/portals/{portal}</c>.</summary>
    public static IEndpointRouteBuilder MapPortalsApi(this IEndpointRouteBuilder app)
    {
        var portals = app.MapGroup("/api/portals/{portal}").WithTags("Portals")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        portals.MapPost("/dossiers", Submit)
            .Allow(Role.PortalClient)
            .WithName("SubmitOnlineDossier")
            .WithSummary("A portal delivers an online dossier, in its own format; it awaits acceptance at its office")
            .WithDescription(
                "portal: national (DongBoHoSoMC fields: MaHoSo, MaTTHC, DonViXuLy, ChuHoSo, SoDienThoaiChuHoSo, SoGiayToChuHoSo, "
                + "DiaChiChuHoSo, NgayTiepNhan yyyyMMddHHmmss, TrangThaiHoSo 1, DuLieuToKhai) or city (soHoSo, maThuTuc, maDonVi, "
                + "nguoiNop {hoTen, soDienThoai, soDinhDanh, diaChi}, thoiGianNop dd/MM/yyyy HH:mm:ss, trangThai 1, toKhai). "
                + "A redelivery of the same portal dossier id answers 200 with the dossier as it is and changes nothing.")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        portals.MapGet("/outbox", Outbox)
            .Allow(Role.Administrator)
            .WithName("GetPortalOutbox")
            .WithSummary("What waits to be delivered to the portal, and the updates it refused (district administrators)");
        portals.MapPost("/outbox/{id:long}/retry", Retry)
            .Allow(Role.Administrator)
            .WithName("RetryPortalUpdate")
            .WithSummary("Send a refused update again, and after it its dossier's later ones (district administrators)");
        return app;
    }

    /// <summary>Takes an online dossier from a portal.</summary>
    internal static async Task<Results<Created<DossierView>, Ok<DossierView>, ValidationProblem, ProblemHttpResult>> Submit(
        string portal,
        JsonElement body,
        IEnumerable<IPortalAdapter> adapters,
        IOptions<PortalsSettings> settings,
        ReferenceData reference,
        IGrainFactory grains,
        HttpContext http)
    {
        if (Adapter(adapters, portal) is not { } adapter)
        {
            return UnknownPortal(portal);
        }

        var user = Access.User(http);
        if (user.Id != settings.Value.For(adapter.Portal).ClientId)
        {
            return Access.Forbidden($"Client {user.Id} does not submit for the {adapter.Slug} portal.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ValidationProblems.Of(RequestProblems.BodyKey, RequestProblems.Body(Expected.Object));
        }

        var errors = new FieldErrors();
        var submission = adapter.Read(body, errors);
        var portalDossierId = Codes.Text(Codes.PortalDossierSubject, submission.PortalDossierId, errors, "portalDossierId");
        var office = Codes.KnownOffice(submission.OfficeCode, reference, errors);
        var procedure = Codes.KnownProcedure(submission.ProcedureCode, reference, errors);
        var applicant = ApplicantForm.Read(submission.Applicant, errors);
        var form = procedure is null ? null : DeclarationForm.Read(procedure, submission.Form, errors);
        if (errors.Any)
        {
            return errors.Problem(adapter.WireName);
        }

        var command = new OpenDossier
        {
            OfficeCode = office!.Code,
            ProcedureCode = procedure!.Code,
            Applicant = applicant!,
            Channel = adapter.Portal,
            Actor = user.Id,
            AsDraft = true,
            Note = submission.SubmittedAt is { } at ? $"Nộp trực tuyến lúc {PortalTime.Format(at, "HH:mm dd/MM/yyyy")}" : null,
            Audit = RequestFacts.Audit(http),
            Form = form,
            PortalDossierId = portalDossierId!,
        };
        var result = await grains.GetGrain<IPortalInboxGrain>($"{adapter.Portal}/{command.PortalDossierId}").SubmitAsync(command);
        return result.Created
            ? TypedResults.Created($"/api/dossiers/{result.Dossier.Code}", result.Dossier)
            : TypedResults.Ok(result.Dossier);
    }

    /// <summary>The portal's outbox.</summary>
    internal static async Task<Results<Ok<PortalOutboxView>, ProblemHttpResult>> Outbox(
        string portal, IEnumerable<IPortalAdapter> adapters, IPortalOutbox outbox, HttpContext http, CancellationToken cancellationToken)
    {
        if (Adapter(adapters, portal) is not { } adapter)
        {
            return UnknownPortal(portal);
        }

        if (!Access.User(http).DistrictWide)
        {
            return Access.Forbidden("Hàng đợi gửi cổng dịch vụ công gồm hồ sơ của mọi cơ quan: cần quản trị viên toàn huyện.");
        }

        // Times in Vietnam time, like every other view of the engine.
        var counts = await outbox.CountAsync(adapter.Portal, cancellationToken);
        var refused = await outbox.DeadAsync(adapter.Portal, cancellationToken);
        return TypedResults.Ok(new PortalOutboxView(
            adapter.Slug,
            counts.Pending,
            counts.Dead,
            counts.OldestPendingSince?.ToOffset(PortalTime.Vietnam),
            [.. refused.Select(u => u with { At = u.At.ToOffset(PortalTime.Vietnam), DueAt = u.DueAt?.ToOffset(PortalTime.Vietnam), DeadAt = u.DeadAt?.ToOffset(PortalTime.Vietnam) })]));
    }

    /// <summary>Puts a refused update back in the queue.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> Retry(
        string portal, long id, IEnumerable<IPortalAdapter> adapters, IPortalOutbox outbox, IGrainFactory grains, HttpContext http, CancellationToken cancellationToken)
    {
        if (Adapter(adapters, portal) is not { } adapter)
        {
            return UnknownPortal(portal);
        }

        if (!Access.User(http).DistrictWide)
        {
            return Access.Forbidden("Hàng đợi gửi cổng dịch vụ công gồm hồ sơ của mọi cơ quan: cần quản trị viên toàn huyện.");
        }

        if (!await outbox.RetryAsync(adapter.Portal, id, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy", detail: $"Hàng đợi gửi cổng {adapter.Slug} không có bản cập nhật bị từ chối số {id}.");
        }

        grains.GetGrain<IPortalDispatcherGrain>(adapter.Portal.ToString()).WakeAsync().Ignore();
        return TypedResults.NoContent();
    }

    private static IPortalAdapter? Adapter(IEnumerable<IPortalAdapter> adapters, string slug) => adapters.FirstOrDefault(a => a.Slug == slug);

    private static ProblemHttpResult UnknownPortal(string portal) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy", detail: $"'{portal}' không phải là cổng dịch vụ công; các cổng là national và city.");
}
