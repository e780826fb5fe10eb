using CaseEngine.Api.Accounts;
using CaseEngine.Api.Security;
using System.Globalization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
        api.MapGet("/{officeCode}/staff", ListStaffAsync)
            .OwnOfficeOnly()
            .WithName("ListStaff")
            .WithSummary("The office's active staff, of one role when asked (for the forward and submit-for-signature pickers)")
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

    /// <summary>The active people of an office, by full name; of <c>role</c> only when given.</summary>
    public static async Task<Results<Ok<IReadOnlyList<StaffMember>>, ValidationProblem>> ListStaffAsync(
        string officeCode, string? role, ReferenceData reference, AccountsDbContext accounts)
    {
        reference.RequireOffice(officeCode);
        Role? only = null;
        if (!string.IsNullOrEmpty(role))
        {
            if (!Enum.TryParse<Role>(role, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || role.All(char.IsAsciiDigit))
            {
                return ValidationProblems.Of("role", $"{FieldRules.Quoted(role)} không phải là vai trò; một trong: {string.Join(", ", Enum.GetNames<Role>())}.");
            }

            only = parsed;
        }

        var people = accounts.Users.AsNoTracking()
            .Where(a => a.OfficeCode == officeCode && a.Active && a.Kind == AccountKind.Person);
        if (only is { } wanted)
        {
            people = people.Where(a => a.Role == wanted);
        }

        var list = await people.OrderBy(a => a.FullName).ThenBy(a => a.Id).Select(a => new { a.Id, a.FullName, a.Role }).ToListAsync();
        return TypedResults.Ok<IReadOnlyList<StaffMember>>([.. list.Select(a => new StaffMember(a.Id, a.FullName, a.Role, a.Role.VietnameseName()))]);
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
