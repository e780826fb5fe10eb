using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Reference;

/// <summary>The rule set as <c>ruleset.json</c> and an administrator write it, before its checks.</summary>
/// <param name="Version">Version name recorded on every dossier received under it (GL-2022.1).</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Basis">Legal basis.</param>
/// <param name="FastTrackWorkingMinutes">Fast-track working time.</param>
/// <param name="NearlyLateFraction">Share of the time after which a dossier is nearly late, between 0 and 1.</param>
/// <param name="OverdueEscalationWorkingMinutes">Working time past the due time at which an open dossier is escalated.</param>
/// <param name="SupplementPolicy">ShiftDueTime or RestartClock.</param>
/// <param name="Note">The file's explanation, kept as it is.</param>
/// <param name="LateFastTrackReception">Standard (default) or CarryOver.</param>
/// <param name="FastTrackCutOff">Optional cut-off, HH:mm.</param>
public sealed record RuleSetEntry(
    string? Version,
    string? Name,
    string? Basis,
    int? FastTrackWorkingMinutes,
    double? NearlyLateFraction,
    int? OverdueEscalationWorkingMinutes,
    string? SupplementPolicy,
    string? Note = null,
    string? LateFastTrackReception = null,
    string? FastTrackCutOff = null);

/// <summary>The rule set as an entry: its checks (each rule once, in English and Vietnamese), the rule set it makes, and back.</summary>
public static class RuleSetEntries
{
    /// <summary>The rule set <paramref name="entry"/> makes; null when it breaks a rule, each added to <paramref name="problems"/>.</summary>
    public static RuleSet? Read(RuleSetEntry entry, EntryProblems problems)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        problems.Note(EntryRules.RequiredText(entry.Version, "version", "Hãy ghi tên phiên bản của bộ quy tắc, như GL-2022.2."));
        problems.Note(EntryRules.RequiredText(entry.Name, "name", "Hãy ghi tên bộ quy tắc."));
        Positive(entry.FastTrackWorkingMinutes, "fastTrackWorkingMinutes", "Thời gian giải quyết nhanh (phút làm việc)", problems);
        if (!problems.Note(EntryRules.Required(entry.NearlyLateFraction, "nearlyLateFraction", "Hãy ghi tỉ lệ thời gian sau đó hồ sơ được coi là sắp trễ hạn, như 0,75."))
            && entry.NearlyLateFraction is <= 0 or >= 1)
        {
            problems.Add(new EntryProblem(
                "nearlyLateFraction", "must be between 0 and 1, exclusive", "Tỉ lệ sắp trễ hạn phải lớn hơn 0 và nhỏ hơn 1 (như 0,75 là 75 % thời hạn)."));
        }

        Positive(entry.OverdueEscalationWorkingMinutes, "overdueEscalationWorkingMinutes", "Thời gian quá hạn trước khi báo lên cấp trên (phút làm việc)", problems);
        var supplement = EntryRules.OneOf<SupplementPolicy>(entry.SupplementPolicy, "supplementPolicy", "Cách tính hạn khi bổ sung hồ sơ", problems);
        var late = entry.LateFastTrackReception is null
            ? Reference.LateFastTrackReception.Standard
            : EntryRules.OneOf<LateFastTrackReception>(entry.LateFastTrackReception, "lateFastTrackReception", "Cách tính hạn hồ sơ giải quyết nhanh nhận muộn", problems);
        TimeOnly? cutOff = null;
        if (entry.FastTrackCutOff is { } text)
        {
            if (!TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                problems.Add(new EntryProblem(
                    "fastTrackCutOff", $"'{text}' is not a time of day of the form HH:mm", $"Giờ chốt {FieldRules.Quoted(text)} phải viết giờ:phút, như 15:00."));
            }
            else if (late == Reference.LateFastTrackReception.CarryOver)
            {
                // Carried over, a late dossier keeps its fast-track time anyway: a cut-off would change nothing.
                problems.Add(new EntryProblem(
                    "fastTrackCutOff",
                    "changes nothing when lateFastTrackReception is CarryOver; remove it or choose Standard",
                    "Giờ chốt không có tác dụng khi hồ sơ nhận muộn vẫn được giải quyết nhanh tính tiếp sang ngày sau (CarryOver): bỏ giờ chốt hoặc chọn Standard."));
            }
            else
            {
                cutOff = time;
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new RuleSet(
            entry.Version!.Trim(),
            entry.Name!.Trim(),
            entry.Basis?.Trim() ?? string.Empty,
            entry.FastTrackWorkingMinutes!.Value,
            entry.NearlyLateFraction!.Value,
            entry.OverdueEscalationWorkingMinutes!.Value,
            supplement!.Value,
            late!.Value,
            cutOff);
    }

    /// <summary>The entry of <paramref name="rules"/>, with the file's <paramref name="note"/>.</summary>
    public static RuleSetEntry Of(RuleSet rules, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new RuleSetEntry(
            rules.Version,
            rules.Name,
            rules.Basis,
            rules.FastTrackWorkingMinutes,
            rules.NearlyLateFraction,
            rules.OverdueEscalationWorkingMinutes,
            rules.SupplementPolicy.ToString(),
            note,
            rules.LateFastTrack.ToString(),
            rules.FastTrackCutOff?.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    /// <summary><c>ruleset.json</c> for <paramref name="rules"/>, keeping the note of <paramref name="ruleSetFile"/>.</summary>
    public static string Write(string ruleSetFile, RuleSet rules)
    {
        var note = (string?)(JsonNode.Parse(ruleSetFile) as JsonObject)?["note"];
        return JsonSerializer.Serialize(Of(rules, note), ReferenceJson.Written);
    }

    private static void Positive(int? value, string field, string subject, EntryProblems problems)
    {
        if (!problems.Note(EntryRules.Required(value, field, $"Hãy ghi {subject.ToLowerInvariant()}.")) && value <= 0)
        {
            problems.Add(new EntryProblem(field, "must be positive", $"{subject} phải lớn hơn 0."));
        }
    }
}
