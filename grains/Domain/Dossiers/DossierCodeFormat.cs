using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// Dossier codes of Circular 01/2018/TT-VPCP: <c>&lt;office code&gt;-&lt;YYMMDD of receipt&gt;-&lt;4-digit daily sequence&gt;</c>,
/// such as <c>00565-220913-0011</c>.
/// </summary>
public static partial class DossierCodeFormat
{
    /// <summary>Largest daily sequence a code can carry.</summary>
    public const int MaxDailySequence = 9999;

    /// <summary>Formats a code.</summary>
    public static string Format(string officeCode, DateOnly date, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxDailySequence);
        return string.Create(CultureInfo.InvariantCulture, $"{officeCode}-{date:yyMMdd}-{sequence:D4}");
    }

    /// <summary>Whether <paramref name="code"/> has the shape of a dossier code.</summary>
    public static bool IsValid(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>The office code part of a well-formed dossier code.</summary>
    public static string OfficeCodeOf(string code) => code[..code.IndexOf('-', StringComparison.Ordinal)];

    /// <summary>Whether <paramref name="code"/> can serve as an office code inside dossier codes.</summary>
    public static bool IsValidOfficeCode(string? code) => code is not null && OfficeCodePattern().IsMatch(code);

    [GeneratedRegex(@"^[A-Za-z0-9.]{1,20}-\d{6}-\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9.]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex OfficeCodePattern();
}
