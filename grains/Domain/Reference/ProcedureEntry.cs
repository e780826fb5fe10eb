using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Reference;

/// <summary>A procedure's standard time as entered: exactly one of the two.</summary>
/// <param name="WorkingDays">Working days.</param>
/// <param name="WorkingHours">Working hours.</param>
public sealed record ProcessingTimeEntry(int? WorkingDays = null, int? WorkingHours = null);

/// <summary>A declaration form field as entered.</summary>
/// <param name="Name">Key in the dossier's <c>form</c>.</param>
/// <param name="Label">Label in Vietnamese.</param>
/// <param name="Type">One of <see cref="FormFieldType"/>'s names.</param>
/// <param name="Required">Whether it must be filled (no by default).</param>
/// <param name="MaxLength">Longest text, 1–2000 (200 by default).</param>
/// <param name="Choices">The values of a Choice field.</param>
public sealed record FormFieldEntry(string? Name, string? Label, string? Type, bool? Required = null, int? MaxLength = null, IReadOnlyList<string>? Choices = null);

/// <summary>A procedure as <c>procedures.json</c> and an administrator write it, before its checks.</summary>
/// <param name="Code">National procedure code.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="Sector">Sector (lĩnh vực).</param>
/// <param name="ProcessingTime">Standard time.</param>
/// <param name="Fee">Fee as published.</param>
/// <param name="RequiredDocuments">Documents handed in.</param>
/// <param name="FastTrack">On the fast-track list.</param>
/// <param name="Illustrative">An example, not a verified official entry.</param>
/// <param name="Form">Declaration form fields.</param>
public sealed record ProcedureEntry(
    string? Code,
    string? Name,
    string? Level,
    string? Sector,
    ProcessingTimeEntry? ProcessingTime,
    string? Fee,
    IReadOnlyList<string>? RequiredDocuments,
    bool? FastTrack,
    bool? Illustrative,
    IReadOnlyList<FormFieldEntry>? Form);

/// <summary>A procedure whose entry differs between two catalogues, and in which fields.</summary>
/// <param name="Code">The procedure.</param>
/// <param name="Name">Its name after the change.</param>
/// <param name="Fields">The entry's fields that differ (<c>processingTime</c>, <c>form</c>, …).</param>
public sealed record ProcedureChange(string Code, string Name, IReadOnlyList<string> Fields);

/// <summary>What one catalogue changes from another.</summary>
/// <param name="Added">Codes only in the new one, in its order.</param>
/// <param name="Changed">Procedures in both whose entries differ.</param>
/// <param name="Removed">Codes only in the old one.</param>
public sealed record CatalogueDiff(IReadOnlyList<string> Added, IReadOnlyList<ProcedureChange> Changed, IReadOnlyList<string> Removed)
{
    /// <summary>Whether nothing changes.</summary>
    public bool None => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;

    /// <summary>What changes, in Vietnamese, for the audit note.</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>();
            if (Added.Count > 0)
            {
                parts.Add($"thêm {string.Join(", ", Added)}");
            }

            parts.AddRange(Changed.Select(c => $"{c.Code}: đổi {string.Join(", ", c.Fields.Select(ProcedureEntries.FieldName))}"));
            if (Removed.Count > 0)
            {
                parts.Add($"bỏ {string.Join(", ", Removed)}");
            }

            return "Danh mục thủ tục: " + (parts.Count > 0 ? string.Join("; ", parts) : "không thay đổi");
        }
    }
}

/// <summary>
/// The procedures of the catalogue as entries: the checks of one entry (each rule once, in English and Vietnamese), the
/// procedure it makes, the entry of a procedure, <c>procedures.json</c> written from procedures, and what one catalogue
/// changes from another.
/// </summary>
public static class ProcedureEntries
{
    /// <summary>Longest text of a form field, and the default.</summary>
    public const int MaxFieldLength = 2000, DefaultFieldLength = 200;

    /// <summary>An entry field's Vietnamese name, for summaries.</summary>
    public static string FieldName(string field) => field switch
    {
        "name" => "tên",
        "level" => "cấp",
        "sector" => "lĩnh vực",
        "processingTime" => "thời hạn giải quyết",
        "fee" => "phí, lệ phí",
        "requiredDocuments" => "thành phần hồ sơ",
        "fastTrack" => "giải quyết nhanh",
        "illustrative" => "ví dụ minh hoạ",
        "form" => "tờ khai",
        _ => field,
    };

    /// <summary>
    /// The procedure <paramref name="entry"/> makes; null when it breaks a rule, each broken rule added to
    /// <paramref name="problems"/> under the entry's field.
    /// </summary>
    public static Procedure? Read(ProcedureEntry entry, EntryProblems problems)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        problems.Note(EntryRules.RequiredText(entry.Code, "code", "Hãy ghi mã thủ tục."));
        problems.Note(EntryRules.RequiredText(entry.Name, "name", "Hãy ghi tên thủ tục."));
        var level = EntryRules.OneOf<OfficeLevel>(entry.Level, "level", "Cấp giải quyết", problems);
        problems.Note(EntryRules.RequiredText(entry.Sector, "sector", "Hãy ghi lĩnh vực của thủ tục."));
        var time = ReadTime(entry.ProcessingTime, problems);
        problems.Note(EntryRules.Required(entry.FastTrack, "fastTrack", "Hãy cho biết thủ tục có thuộc danh mục giải quyết nhanh không."));
        problems.Note(EntryRules.Required(entry.Illustrative, "illustrative", "Hãy cho biết mục này là ví dụ minh hoạ hay đã đối chiếu với danh mục chính thức."));
        var documents = entry.RequiredDocuments ?? [];
        for (var i = 0; i < documents.Count; i++)
        {
            problems.Note(EntryRules.RequiredText(documents[i], $"requiredDocuments[{i}]", "Thành phần hồ sơ không được để trống."));
        }

        var form = ReadForm(entry.Form ?? [], problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new Procedure(
            entry.Code!.Trim(),
            entry.Name!.Trim(),
            level!.Value,
            entry.Sector!.Trim(),
            time!,
            entry.Fee?.Trim() ?? string.Empty,
            [.. documents.Select(d => d.Trim())],
            entry.FastTrack!.Value,
            entry.Illustrative!.Value,
            form);
    }

    /// <summary>The problem of a procedure code used by an earlier entry of the same catalogue.</summary>
    public static EntryProblem DuplicateCode(string code) =>
        new("code", $"'{code}' is used by an earlier procedure", $"Mã thủ tục {FieldRules.Quoted(code)} đã có ở một thủ tục trước.");

    /// <summary>The entry of <paramref name="procedure"/>, every default written out: what the administration shows and writes.</summary>
    public static ProcedureEntry Of(Procedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return new ProcedureEntry(
            procedure.Code,
            procedure.Name,
            procedure.Level.ToString(),
            procedure.Sector,
            new ProcessingTimeEntry(procedure.ProcessingTime.WorkingDays, procedure.ProcessingTime.WorkingHours),
            procedure.Fee,
            procedure.RequiredDocuments,
            procedure.FastTrack,
            procedure.Illustrative,
            [.. procedure.Form.Select(f => new FormFieldEntry(f.Name, f.Label, f.Type.ToString(), f.Required, f.MaxLength, f.Choices.Count > 0 ? f.Choices : null))]);
    }

    /// <summary><paramref name="proceduresFile"/> with <paramref name="procedures"/> as its list, in that order; its note stays.</summary>
    public static string Write(string proceduresFile, IEnumerable<Procedure> procedures)
    {
        var root = JsonNode.Parse(proceduresFile) as JsonObject ?? [];
        root["procedures"] = JsonSerializer.SerializeToNode(procedures.Select(Of).ToList(), ReferenceJson.Written);
        return root.ToJsonString(ReferenceJson.Written);
    }

    /// <summary>What <paramref name="after"/> changes from <paramref name="before"/>, comparing the entries field by field.</summary>
    public static CatalogueDiff Diff(IReadOnlyDictionary<string, Procedure> before, IReadOnlyDictionary<string, Procedure> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = new List<ProcedureChange>();
        foreach (var (code, procedure) in after)
        {
            if (before.TryGetValue(code, out var old))
            {
                var (was, now) = (JsonSerializer.SerializeToNode(Of(old), ReferenceJson.Written)!.AsObject(), JsonSerializer.SerializeToNode(Of(procedure), ReferenceJson.Written)!.AsObject());
                var fields = now.Select(p => p.Key).Union(was.Select(p => p.Key))
                    .Where(key => !JsonNode.DeepEquals(was[key], now[key]))
                    .ToList();
                if (fields.Count > 0)
                {
                    changed.Add(new ProcedureChange(code, procedure.Name, fields));
                }
            }
        }

        return new CatalogueDiff(
            [.. after.Keys.Where(code => !before.ContainsKey(code))],
            changed,
            [.. before.Keys.Where(code => !after.ContainsKey(code))]);
    }

    private static ProcessingTime? ReadTime(ProcessingTimeEntry? time, EntryProblems problems)
    {
        const string Field = "processingTime";
        if (problems.Note(EntryRules.Required(time, Field, "Hãy ghi thời hạn giải quyết: số ngày làm việc hoặc số giờ làm việc.")))
        {
            return null;
        }

        if ((time!.WorkingDays is null) == (time.WorkingHours is null))
        {
            problems.Add(new EntryProblem(
                Field, "give exactly one of 'workingDays' and 'workingHours'", "Ghi đúng một trong hai: số ngày làm việc hoặc số giờ làm việc."));
            return null;
        }

        if (time.WorkingDays is <= 0 || time.WorkingHours is <= 0)
        {
            problems.Add(new EntryProblem(Field, "must be a positive whole number", "Thời hạn giải quyết phải là một số nguyên lớn hơn 0."));
            return null;
        }

        return new ProcessingTime(time.WorkingDays, time.WorkingHours);
    }

    private static List<FormField> ReadForm(IReadOnlyList<FormFieldEntry> form, EntryProblems problems)
    {
        var fields = new List<FormField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < form.Count; i++)
        {
            var item = form[i];
            var where = $"form[{i}]";
            var before = problems.Count;
            if (!problems.Note(EntryRules.RequiredText(item.Name, $"{where}.name", "Trường của tờ khai cần có tên.")) && !names.Add(item.Name!.Trim()))
            {
                problems.Add(new EntryProblem(
                    $"{where}.name", $"'{item.Name}' is used by an earlier field", $"Tên trường {FieldRules.Quoted(item.Name)} đã dùng cho một trường trước của tờ khai."));
            }

            problems.Note(EntryRules.RequiredText(item.Label, $"{where}.label", "Trường của tờ khai cần có nhãn để hiển thị."));
            var type = EntryRules.OneOf<FormFieldType>(item.Type, $"{where}.type", "Kiểu trường", problems);
            var choices = item.Choices ?? [];
            if (type is { } kind && (kind == FormFieldType.Choice) != (choices.Count > 0))
            {
                problems.Add(new EntryProblem(
                    $"{where}.choices",
                    "a Choice field needs choices, and only a Choice field has them",
                    kind == FormFieldType.Choice ? "Trường kiểu Choice cần có ít nhất một lựa chọn." : "Chỉ trường kiểu Choice mới có danh sách lựa chọn."));
            }

            var maxLength = item.MaxLength ?? DefaultFieldLength;
            if (maxLength is < 1 or > MaxFieldLength)
            {
                problems.Add(new EntryProblem($"{where}.maxLength", $"must be between 1 and {MaxFieldLength}", $"Độ dài tối đa phải từ 1 đến {MaxFieldLength} ký tự."));
            }

            if (problems.Count == before)
            {
                fields.Add(new FormField(item.Name!.Trim(), item.Label!.Trim(), type!.Value, item.Required ?? false, maxLength, [.. choices]));
            }
        }

        return fields;
    }
}
