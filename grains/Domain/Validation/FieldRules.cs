using System.Globalization;
using System.Text;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Validation;

/// <summary>
/// The checks of one value a person typed. Each answers why the value does not fit, as a sentence in Vietnamese that
/// names the field as the caller says (its subject: «Tên hộ kinh doanh», "Họ và tên người nộp"), or null when it fits.
/// </summary>
public static class FieldRules
{
    /// <summary>Fewest digits of a phone number.</summary>
    public const int MinPhoneDigits = 8;

    /// <summary>Most digits of a phone number.</summary>
    public const int MaxPhoneDigits = 20;

    /// <summary>Digits of a citizen identity number.</summary>
    public const int CitizenIdDigits = 12;

    /// <summary>Highest province code that starts a citizen identity number.</summary>
    public const int MaxProvinceCode = 96;

    // Numbers as Vietnamese writes them: 2.000.
    private static readonly NumberFormatInfo Thousands = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    /// <summary>A form's label as messages quote it: «label».</summary>
    public static string Quoted(string label) => $"«{label}»";

    /// <summary>The message of a field that must be filled.</summary>
    public static string Missing(string subject) => $"{subject} là bắt buộc.";

    /// <summary>Text a person typed: within <paramref name="maxLength"/>, with no control characters or non-characters.</summary>
    public static string? Text(string subject, string? value, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Missing(subject) : null;
        }

        if (value.Length > maxLength)
        {
            return $"{subject} không được dài quá {maxLength.ToString("N0", Thousands)} ký tự.";
        }

        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return $"{subject} chứa ký tự điều khiển, không phải chữ viết.";
        }

        // Unicode noncharacters and lone surrogates are never text a person typed.
        return value.EnumerateRunes().Any(r => r == Rune.ReplacementChar || r.Value is (>= 0xFDD0 and <= 0xFDEF) || (r.Value & 0xFFFE) == 0xFFFE)
            ? $"{subject} chứa ký tự không phải chữ viết."
            : null;
    }

    /// <summary>A value of <paramref name="field"/>: filled when required, within its length, of its kind.</summary>
    public static string? Check(FormField field, string? value, string subject)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return field.Required ? Missing(subject) : null;
        }

        var text = value.Trim();
        return field.Type switch
        {
            FormFieldType.Text => Text(subject, value, field.MaxLength),
            FormFieldType.Phone => Phone(subject, text),
            FormFieldType.CitizenId => CitizenId(subject, text),
            _ when text.Length > field.MaxLength => Text(subject, text, field.MaxLength),
            FormFieldType.Date when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                => $"{subject} phải là một ngày, viết năm-tháng-ngày như 2022-09-13.",
            FormFieldType.Number when !text.All(char.IsAsciiDigit) => $"{subject} phải là một số, chỉ gồm các chữ số 0–9.",
            FormFieldType.Choice when !field.Choices.Contains(text) =>
                $"{subject} phải là một trong các lựa chọn: {string.Join(", ", field.Choices.Select(Quoted))}.",
            _ => null,
        };
    }

    /// <summary>A phone number: 8 to 20 digits, optionally after one '+'.</summary>
    public static string? Phone(string subject, string text)
    {
        var digits = text.StartsWith('+') ? text[1..] : text;
        return digits.Length is < MinPhoneDigits or > MaxPhoneDigits || !digits.All(char.IsAsciiDigit)
            ? $"{subject} phải có từ {MinPhoneDigits} đến {MaxPhoneDigits} chữ số, có thể bắt đầu bằng dấu +."
            : null;
    }

    /// <summary>
    /// A citizen identity number: 12 digits, the first three a province code (001–096) as the Ministry of Public
    /// Security issues them.
    /// </summary>
    public static string? CitizenId(string subject, string text) =>
        text.Length != CitizenIdDigits || !text.All(char.IsAsciiDigit) || int.Parse(text[..3], CultureInfo.InvariantCulture) is < 1 or > MaxProvinceCode
            ? $"{subject} phải gồm {CitizenIdDigits} chữ số, ba chữ số đầu là mã tỉnh, thành phố từ 001 đến {MaxProvinceCode:D3}."
            : null;
}
