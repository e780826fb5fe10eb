using System.Globalization;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Reference;

/// <summary>
/// The checks of what every administered change of the reference data carries besides its content: why, on what
/// basis, and from when it applies.
/// </summary>
public static class ReferenceChange
{
    /// <summary>Longest reason or basis.</summary>
    public const int MaxText = 300;

    /// <summary>The request's field names.</summary>
    public const string ReasonKey = "reason", BasisKey = "basis", EffectiveFromKey = "effectiveFrom";

    /// <summary>
    /// From when a change applies: <paramref name="effectiveFrom"/>, or <paramref name="now"/> when none is given.
    /// Adds a problem when it lies in the past, or before <paramref name="latestFrom"/>, the instant of the newest
    /// version (a version applies from its instant on; one saved after it may not apply before it).
    /// </summary>
    public static DateTimeOffset Check(string? reason, string? basis, DateTimeOffset? effectiveFrom, DateTimeOffset now, DateTimeOffset latestFrom, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add(ReasonKey, string.IsNullOrWhiteSpace(reason)
            ? "Hãy ghi lý do thay đổi (ví dụ: theo quyết định công bố thủ tục hành chính)."
            : FieldRules.Text("Lý do", reason, MaxText));
        errors.Add(BasisKey, FieldRules.Text("Số hiệu văn bản", basis, MaxText));
        var from = effectiveFrom ?? now;

        // A minute's grace: the administrator's "now" reaches the engine a moment later.
        if (from < now.AddMinutes(-1))
        {
            errors.Add(EffectiveFromKey, $"Thời điểm áp dụng {Instant(from)} đã qua: một thay đổi chỉ áp dụng từ bây giờ hoặc từ một thời điểm sau này.");
        }
        else if (from < latestFrom)
        {
            errors.Add(
                EffectiveFromKey,
                $"Đã có phiên bản áp dụng từ {Instant(latestFrom)}; thay đổi mới được lưu sau nó nên phải áp dụng từ thời điểm đó trở đi.");
        }

        return from;
    }

    /// <summary>An instant as the pages write it, in Việt Nam's time: dd/MM/yyyy HH:mm.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
