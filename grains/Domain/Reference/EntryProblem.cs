using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;

namespace CaseEngine.Domain.Reference;

/// <summary>
/// One broken rule of a reference data entry, rendered twice: in English for a file read at start-up
/// (<see cref="ReferenceDataException"/>) and in Vietnamese for an administrator's request. The rule is written once,
/// where it is checked; each caller picks its rendering.
/// </summary>
/// <param name="Field">The entry's field, as the file and the request both name it (<c>form[2].name</c>, <c>sessions[1]</c>).</param>
/// <param name="English">The problem, for the file's error line.</param>
/// <param name="Vietnamese">The problem, as the administrator reads it.</param>
public sealed record EntryProblem(string Field, string English, string Vietnamese)
{
    /// <summary>The problem under <paramref name="prefix"/> (<c>sessions</c> → <c>daySessions.Saturday</c>).</summary>
    public EntryProblem Under(string prefix) => this with { Field = Field.Length == 0 ? prefix : $"{prefix}.{Field}" };
}

/// <summary>The problems of one entry, in the order found.</summary>
public sealed class EntryProblems : List<EntryProblem>
{
    /// <summary>Adds <paramref name="problem"/> when there is one; true when there was.</summary>
    public bool Note(EntryProblem? problem)
    {
        if (problem is null)
        {
            return false;
        }

        Add(problem);
        return true;
    }

    /// <summary>The problems as field errors, each field under <paramref name="prefix"/> (empty: as named).</summary>
    public FieldErrors Into(FieldErrors errors, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var problem in this)
        {
            errors.Add(prefix.Length == 0 ? problem.Field : $"{prefix}.{problem.Field}", problem.Vietnamese);
        }

        return errors;
    }
}

/// <summary>The rules every kind of entry shares: a field that must be there, a value that must be one of a list.</summary>
public static class EntryRules
{
    /// <summary>The Vietnamese names of the weekdays.</summary>
    public static string Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "Thứ Hai",
        DayOfWeek.Tuesday => "Thứ Ba",
        DayOfWeek.Wednesday => "Thứ Tư",
        DayOfWeek.Thursday => "Thứ Năm",
        DayOfWeek.Friday => "Thứ Sáu",
        DayOfWeek.Saturday => "Thứ Bảy",
        _ => "Chủ nhật",
    };

    /// <summary>A value that must be given.</summary>
    public static EntryProblem? Required<T>(T? value, string field, string vietnamese) =>
        value is null ? new EntryProblem(field, "is required", vietnamese) : null;

    /// <summary>Text that must be given, not blank.</summary>
    public static EntryProblem? RequiredText(string? value, string field, string vietnamese) =>
        string.IsNullOrWhiteSpace(value) ? new EntryProblem(field, "is required", vietnamese) : null;

    /// <summary>
    /// <paramref name="value"/> as one of <typeparamref name="T"/>'s names (exact case, not a number); null, with the
    /// problem, when it is missing or none of them. <paramref name="subject"/> names the field in Vietnamese.
    /// </summary>
    public static T? OneOf<T>(string? value, string field, string subject, EntryProblems problems)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Note(RequiredText(value, field, $"Hãy chọn {subject.ToLowerInvariant()}: {Names<T>()}.")))
        {
            return null;
        }

        var text = value!.Trim();
        if (Enum.TryParse<T>(text, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _))
        {
            return parsed;
        }

        problems.Add(new EntryProblem(
            field,
            $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}",
            $"{subject} {FieldRules.Quoted(value)} không có; chọn một trong: {Names<T>()}."));
        return null;
    }

    private static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Gloss(v) is { } gloss ? $"{v} ({gloss})" : v.ToString()));

    private static string? Gloss<T>(T value)
        where T : struct, Enum => value switch
        {
            OfficeLevel.District => "cấp huyện",
            OfficeLevel.Commune => "cấp xã",
            DayOfWeek day => Weekday(day),
            SupplementPolicy policy => policy.VietnameseName(),
            LateFastTrackReception reception => reception.VietnameseName(),
            _ => null,
        };
}

/// <summary>How the administration writes the reference files: indented, nulls left out, Vietnamese letters as they are.</summary>
internal static class ReferenceJson
{
    /// <summary>The options.</summary>
    public static readonly JsonSerializerOptions Written = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
