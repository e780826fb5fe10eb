using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Validation;

/// <summary>The applicant as entered by the officer or volunteer, or by the citizen on a portal; not yet checked.</summary>
/// <param name="FullName">Full name.</param>
/// <param name="Phone">Phone number (digits, optional leading +).</param>
/// <param name="CitizenId">12-digit citizen identity number.</param>
/// <param name="Address">Address.</param>
public sealed record ApplicantEntry(string? FullName, string? Phone, string? CitizenId = null, string? Address = null);

/// <summary>
/// The applicant's part of every dossier's entry: its fields with the labels the counter's page shows, and the check
/// of what was entered. Field errors are keyed <c>applicant.&lt;name&gt;</c>.
/// </summary>
public static class ApplicantForm
{
    /// <summary>The key of the applicant in a request, and the prefix of its fields' errors.</summary>
    public const string Key = "applicant";

    /// <summary>The heading of the applicant's fields.</summary>
    public const string Title = "Người nộp hồ sơ";

    /// <summary>Full name.</summary>
    public static readonly FormField FullName = new("fullName", "Họ và tên", FormFieldType.Text, Required: true, MaxLength: 200, Choices: []);

    /// <summary>Citizen identity number.</summary>
    public static readonly FormField CitizenId = new(
        "citizenId", "Số định danh cá nhân", FormFieldType.CitizenId, Required: true, MaxLength: FieldRules.CitizenIdDigits, Choices: [], Hint: "12 chữ số");

    /// <summary>Phone number.</summary>
    public static readonly FormField Phone = new(
        "phone", "Số điện thoại", FormFieldType.Phone, Required: true, MaxLength: FieldRules.MaxPhoneDigits + 1, Choices: []);

    /// <summary>Address.</summary>
    public static readonly FormField Address = new("address", "Địa chỉ", FormFieldType.Text, Required: true, MaxLength: 300, Choices: []);

    /// <summary>The fields, in the order the page shows them.</summary>
    public static IReadOnlyList<FormField> Fields { get; } = [FullName, CitizenId, Phone, Address];

    /// <summary>The error key of <paramref name="field"/>: <c>applicant.&lt;name&gt;</c>.</summary>
    public static string KeyOf(FormField field) => $"{Key}.{field.Name}";

    /// <summary>How messages name an applicant's field: its label and whose it is, "Họ và tên người nộp".</summary>
    public static string Subject(FormField field) => $"{field.Label} người nộp";

    /// <summary>
    /// The applicant of <paramref name="entry"/>, trimmed; null, with the reasons added to <paramref name="errors"/>,
    /// when it is missing or a field does not fit.
    /// </summary>
    public static Applicant? Read(ApplicantEntry? entry, FieldErrors errors)
    {
        if (entry is null)
        {
            errors.Add(Key, FieldRules.Missing("Thông tin người nộp hồ sơ"));
            return null;
        }

        var valid = true;
        foreach (var (field, value) in new[] { (FullName, entry.FullName), (CitizenId, entry.CitizenId), (Phone, entry.Phone), (Address, entry.Address) })
        {
            var problem = FieldRules.Check(field, value, Subject(field));
            errors.Add(KeyOf(field), problem);
            valid &= problem is null;
        }

        return valid
            ? new Applicant { FullName = entry.FullName!.Trim(), Phone = entry.Phone!.Trim(), CitizenId = entry.CitizenId!.Trim(), Address = entry.Address!.Trim() }
            : null;
    }
}
