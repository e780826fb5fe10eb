using System.Data;
using System.Globalization;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using MiniExcelLibs;

namespace CaseEngine.Api.Catalogue;

/// <summary>The procedures a workbook lists, or why it cannot be used: each problem keyed <c>Sheet!A1</c>.</summary>
/// <param name="Procedures">The procedures, in the sheet's order; empty when there are problems.</param>
/// <param name="Errors">The problems, in Vietnamese, each naming the sheet, the row and the column.</param>
internal sealed record WorkbookRead(IReadOnlyList<Procedure> Procedures, FieldErrors Errors);

/// <summary>
/// The procedure catalogue as an Excel workbook (MiniExcel), laid out as an office keeps its list: sheet «Thủ tục», one
/// row a procedure, the documents one a line in their cell; sheet «Tờ khai», one row a declaration form field, keyed by
/// the procedure's code, in the form's order, its choices one a line. Flags read «Có»/«Không», the level «Cấp
/// huyện»/«Cấp xã». Reading it back runs the catalogue's own checks (<see cref="ProcedureEntries"/>).
/// </summary>
internal static class ProcedureWorkbook
{
    /// <summary>The sheets' names.</summary>
    public const string ProceduresSheet = "Thủ tục", FormSheet = "Tờ khai";

    private const string Yes = "Có", No = "Không";

    // The columns of each sheet: the header, and the entry field it holds.
    private static readonly (string Header, string Field)[] ProcedureColumns =
    [
        ("Mã thủ tục", "code"),
        ("Tên thủ tục", "name"),
        ("Cấp giải quyết", "level"),
        ("Lĩnh vực", "sector"),
        ("Thời hạn (ngày làm việc)", "processingTime.workingDays"),
        ("Thời hạn (giờ làm việc)", "processingTime.workingHours"),
        ("Phí, lệ phí", "fee"),
        ("Thành phần hồ sơ (mỗi dòng một giấy tờ)", "requiredDocuments"),
        ("Giải quyết nhanh", "fastTrack"),
        ("Ví dụ minh hoạ", "illustrative"),
    ];

    private static readonly (string Header, string Field)[] FormColumns =
    [
        ("Mã thủ tục", "code"),
        ("Tên trường", "name"),
        ("Nhãn", "label"),
        ("Kiểu", "type"),
        ("Bắt buộc", "required"),
        ("Độ dài tối đa", "maxLength"),
        ("Lựa chọn (mỗi dòng một lựa chọn)", "choices"),
    ];

    private static readonly Dictionary<OfficeLevel, string> Levels = new()
    {
        [OfficeLevel.District] = "Cấp huyện",
        [OfficeLevel.Commune] = "Cấp xã",
    };

    private static readonly Dictionary<FormFieldType, string> Types = Enum.GetValues<FormFieldType>().ToDictionary(t => t, t => t.VietnameseName());

    /// <summary>The workbook of <paramref name="procedures"/>.</summary>
    public static byte[] Write(IEnumerable<Procedure> procedures)
    {
        using var list = Table(ProcedureColumns);
        using var form = Table(FormColumns);
        foreach (var p in procedures)
        {
            list.Rows.Add(
                p.Code,
                p.Name,
                Levels[p.Level],
                p.Sector,
                p.ProcessingTime.WorkingDays,
                p.ProcessingTime.WorkingHours,
                p.Fee,
                string.Join('\n', p.RequiredDocuments),
                p.FastTrack ? Yes : No,
                p.Illustrative ? Yes : No);
            foreach (var f in p.Form)
            {
                form.Rows.Add(p.Code, f.Name, f.Label, Types[f.Type], f.Required ? Yes : No, f.MaxLength, string.Join('\n', f.Choices));
            }
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(new Dictionary<string, object> { [ProceduresSheet] = list, [FormSheet] = form }, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    /// <summary>The procedures of the workbook in <paramref name="content"/>, checked as the catalogue is.</summary>
    public static WorkbookRead Read(Stream content)
    {
        var errors = new FieldErrors();
        List<Row> procedureRows, formRows;
        try
        {
            content.Position = 0;
            var sheets = content.GetSheetNames();
            foreach (var sheet in new[] { ProceduresSheet, FormSheet }.Where(s => !sheets.Contains(s)))
            {
                errors.Add(sheet, $"Bảng tính thiếu trang «{sheet}» (có: {string.Join(", ", sheets.Select(FieldRules.Quoted))}).");
            }

            if (errors.Any)
            {
                return new WorkbookRead([], errors);
            }

            procedureRows = Rows(content, ProceduresSheet, ProcedureColumns, errors);
            formRows = Rows(content, FormSheet, FormColumns, errors);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or System.Xml.XmlException or NotSupportedException)
        {
            return new WorkbookRead([], errors.Add("file", "Tệp không phải là bảng tính Excel (.xlsx) đọc được."));
        }

        if (errors.Any)
        {
            return new WorkbookRead([], errors);
        }

        var fieldsOf = formRows.GroupBy(r => r.Text("code") ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var codes = procedureRows.Select(r => r.Text("code")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var row in formRows.Where(r => !codes.Contains(r.Text("code") ?? string.Empty)))
        {
            row.Problem(errors, "code", $"Mã thủ tục {FieldRules.Quoted(row.Text("code") ?? string.Empty)} không có ở trang «{ProceduresSheet}».");
        }

        var procedures = new List<Procedure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in procedureRows)
        {
            var fields = fieldsOf.GetValueOrDefault(row.Text("code") ?? string.Empty) ?? [];
            var entry = new ProcedureEntry(
                row.Text("code"),
                row.Text("name"),
                Level(row.Text("level")),
                row.Text("sector"),
                row.Text("processingTime.workingDays") is null && row.Text("processingTime.workingHours") is null
                    ? null
                    : new ProcessingTimeEntry(row.Whole("processingTime.workingDays", errors), row.Whole("processingTime.workingHours", errors)),
                row.Text("fee"),
                row.Lines("requiredDocuments"),
                row.Flag("fastTrack", errors),
                row.Flag("illustrative", errors),
                [.. fields.Select(f => new FormFieldEntry(
                    f.Text("name"), f.Text("label"), Type(f.Text("type")), f.Flag("required", errors), f.Whole("maxLength", errors), f.Lines("choices") is { Length: > 0 } c ? c : null))]);
            var problems = new EntryProblems();
            if (ProcedureEntries.Read(entry, problems) is { } procedure)
            {
                if (seen.Add(procedure.Code))
                {
                    procedures.Add(procedure);
                }
                else
                {
                    problems.Add(ProcedureEntries.DuplicateCode(procedure.Code));
                }
            }

            foreach (var problem in problems)
            {
                var (target, field) = Locate(problem.Field, row, fields);
                target.Problem(errors, field, problem.Vietnamese);
            }
        }

        return new WorkbookRead(errors.Any ? [] : procedures, errors);
    }

    // The cell an entry's field is in: form[i].x on the form sheet's i-th row of the procedure, the rest on its own row.
    private static (Row Row, string Field) Locate(string field, Row row, List<Row> fields)
    {
        if (field.StartsWith("form[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(field[5..close], CultureInfo.InvariantCulture);
            return (fields[index], field[(close + 2)..]);
        }

        var name = field.Split('[')[0];
        return (row, name == "processingTime" ? "processingTime.workingDays" : name);
    }

    private static string? Level(string? text) =>
        Levels.Where(l => string.Equals(l.Value, text, StringComparison.OrdinalIgnoreCase)).Select(l => l.Key.ToString()).FirstOrDefault() ?? text;

    private static string? Type(string? text) =>
        Types.Where(t => string.Equals(t.Value, text, StringComparison.OrdinalIgnoreCase)).Select(t => t.Key.ToString()).FirstOrDefault() ?? text;

    private static DataTable Table((string Header, string Field)[] columns)
    {
        var table = new DataTable { Locale = CultureInfo.InvariantCulture };
        foreach (var (header, _) in columns)
        {
            table.Columns.Add(header, typeof(object));
        }

        return table;
    }

    // The sheet's rows after its header row, blank ones left out; the header row must name every column.
    private static List<Row> Rows(Stream content, string sheet, (string Header, string Field)[] columns, FieldErrors errors)
    {
        content.Position = 0;
        var all = content.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
        var headers = all.Count > 0 ? all[0] : new Dictionary<string, object?>();
        var letters = new Dictionary<string, (string Letter, string Header)>(StringComparer.Ordinal);
        foreach (var (header, field) in columns)
        {
            var letter = headers.FirstOrDefault(h => string.Equals(Clean(h.Value), header, StringComparison.OrdinalIgnoreCase)).Key;
            if (letter is null)
            {
                errors.Add($"{sheet}!1", $"Trang «{sheet}», dòng 1: thiếu cột «{header}».");
            }
            else
            {
                letters[field] = (letter, header);
            }
        }

        return [.. all.Skip(1).Select((cells, i) => new Row(sheet, i + 2, cells, letters)).Where(r => !r.Blank)];
    }

    private static string? Clean(object? value) => value switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim(),
    };

    // One row of a sheet, its cells read by the entry field each column holds.
    private sealed class Row(string sheet, int number, IDictionary<string, object?> cells, Dictionary<string, (string Letter, string Header)> columns)
    {
        public bool Blank => columns.Values.All(c => Clean(cells.TryGetValue(c.Letter, out var v) ? v : null) is null);

        public string? Text(string field) => Clean(Value(field));

        public string[] Lines(string field) =>
            Text(field)?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

        public int? Whole(string field, FieldErrors errors)
        {
            switch (Value(field))
            {
                case null:
                    return null;
                case double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue:
                    return (int)d;
                case var v when int.TryParse(Clean(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
                    return n;
                case var v when Clean(v) is null:
                    return null;
                case var v:
                    Problem(errors, field, $"{FieldRules.Quoted(Clean(v)!)} không phải là một số nguyên.");
                    return null;
            }
        }

        public bool? Flag(string field, FieldErrors errors)
        {
            var value = Value(field);
            if (value is bool b)
            {
                return b;
            }

            var text = Clean(value);
            if (text is null)
            {
                return null;
            }

            if (string.Equals(text, Yes, StringComparison.OrdinalIgnoreCase) || text is "x" or "X" or "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(text, No, StringComparison.OrdinalIgnoreCase) || text is "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            Problem(errors, field, $"Hãy ghi «{Yes}» hoặc «{No}», không phải {FieldRules.Quoted(text)}.");
            return null;
        }

        public void Problem(FieldErrors errors, string field, string message)
        {
            var (letter, header) = columns[field];
            errors.Add($"{sheet}!{letter}{number}", $"Trang «{sheet}», dòng {number}, cột {letter} («{header}»): {message}");
        }

        private object? Value(string field) => cells.TryGetValue(columns[field].Letter, out var value) ? value : null;
    }
}
