using CaseEngine.Api.Security;
using System.Globalization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>Offices and the working-time deadline calculator.</summary>
public static class OfficesApi
{
    /// <summary>Maps <c>/api/offices</c>.</summary>
    public static IEndpointRouteBuilder MapOfficesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/offices").WithTags("Offices").Allow(Permissions.Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListOffices).WithName("ListOffices").WithSummary("List the offices");
        api.MapGet("/{officeCode}", GetOffice).WithName("GetOffice").WithSummary("Get an office").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{officeCode}/deadline", GetDeadline)
            .WithName("GetDeadline")
            .WithSummary("Add working minutes to an instant in an office's working time")
            .WithDescription("start: ISO 8601 with an offset; workingMinutes: a positive whole number. Lunch, weekends, holidays and make-up days count as the office's calendar says.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>All offices, in reference-data order.</summary>
    public static Ok<IReadOnlyList<OfficeInfo>> ListOffices(ReferenceData reference) =>
        TypedResults.Ok<IReadOnlyList<OfficeInfo>>([.. reference.Offices.Values.Select(o => ToInfo(o, reference.RuleSet))]);

    /// <summary>One office.</summary>
    public static Ok<OfficeInfo> GetOffice(string officeCode, ReferenceData reference) =>
        TypedResults.Ok(ToInfo(reference.RequireOffice(officeCode), reference.RuleSet));

    /// <summary>The instant reached after <c>workingMinutes</c> of working time from <c>start</c>.</summary>
    public static Results<Ok<DeadlineResponse>, ValidationProblem> GetDeadline(
        string officeCode, string? start, string? workingMinutes, ReferenceData reference)
    {
        var errors = new FieldErrors();
        DateTimeOffset startAt = default;
        if (string.IsNullOrWhiteSpace(start))
        {
            errors.Add("start", "Thời điểm bắt đầu (start) là bắt buộc: viết theo ISO 8601 kèm múi giờ, như 2022-09-13T11:30:00+07:00.");
        }
        else if (!Iso8601.TryParseWithOffset(start, out startAt))
        {
            errors.Add("start", $"{FieldRules.Quoted(start)} không phải là thời điểm ISO 8601 kèm múi giờ, như 2022-09-13T11:30:00+07:00.");
        }
        else if (startAt.Year is < Limits.FirstYear or > Limits.LastYear)
        {
            errors.Add("start", $"Thời điểm bắt đầu (start) phải trong các năm từ {Limits.FirstYear} đến {Limits.LastYear}.");
        }

        var minutes = 0;
        if (string.IsNullOrWhiteSpace(workingMinutes))
        {
            errors.Add("workingMinutes", "Số phút làm việc (workingMinutes) là bắt buộc: một số nguyên dương.");
        }
        else if (!int.TryParse(workingMinutes, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes is <= 0 or > Limits.MaxWorkingMinutes)
        {
            errors.Add("workingMinutes", $"{FieldRules.Quoted(workingMinutes)} không phải là số nguyên từ 1 đến {Limits.MaxWorkingMinutes}.");
        }

        var office = reference.RequireOffice(officeCode);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var calendar = office.Calendar;
        return TypedResults.Ok(new DeadlineResponse(calendar.ToLocal(calendar.AddWorkingMinutes(startAt, minutes))));
    }

    private static OfficeInfo ToInfo(Office office, RuleSet rules) => new(
        office.Code,
        office.Name,
        office.Level,
        office.Calendar.TimeZone.Id,
        [.. office.Calendar.Week.WorkingDays.Order()],
        [.. office.Calendar.Week.Sessions.Select(s => s.ToString())],
        [.. office.FastTrackDays.Order()],
        FastTrackWording.Promise(office, rules));
}
