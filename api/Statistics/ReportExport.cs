using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Microsoft.Net.Http.Headers;

namespace CaseEngine.Api.Statistics;

/// <summary>How a report is answered.</summary>
public enum ReportFormat
{
    /// <summary>JSON (the default).</summary>
    Json,

    /// <summary>CSV, UTF-8 with a byte order mark so that Excel shows Vietnamese letters.</summary>
    Csv,

    /// <summary>An Excel workbook (Office Open XML) with one sheet.</summary>
    Xlsx,
}

/// <summary>A report as a table: Vietnamese column headers and rows of numbers and text (null for an empty cell).</summary>
/// <param name="Sheet">The sheet's name in a workbook (at most 31 characters).</param>
/// <param name="Headers">Column headers, all different.</param>
/// <param name="Rows">Rows, as many cells as headers each.</param>
internal sealed record ReportTable(string Sheet, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

/// <summary>Writes report tables as CSV (CsvHelper) or XLSX (MiniExcel) files.</summary>
internal static class ReportExport
{
    /// <summary>The media type of CSV.</summary>
    public const string CsvType = "text/csv";

    /// <summary>The media type of an Excel workbook.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The format asked for: <c>format</c> (json, csv or xlsx) if given, else the first of CSV or XLSX the
    /// <c>Accept</c> header names, else JSON. Null when <c>format</c> names none of them.
    /// </summary>
    public static ReportFormat? Negotiate(string? format, HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return format.Trim().ToLowerInvariant() switch
            {
                "json" => ReportFormat.Json,
                "csv" => ReportFormat.Csv,
                "xlsx" => ReportFormat.Xlsx,
                _ => null,
            };
        }

        var accepted = request.GetTypedHeaders().Accept
            .Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value);
        foreach (var type in accepted)
        {
            if (string.Equals(type, CsvType, StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Csv;
            }

            if (string.Equals(type, XlsxType, StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Xlsx;
            }

            if (MediaTypeHeaderValue.Parse("application/json").IsSubsetOf(MediaTypeHeaderValue.Parse(type ?? "*/*")))
            {
                return ReportFormat.Json;
            }
        }

        return ReportFormat.Json;
    }

    /// <summary>The table as a file download named <paramref name="name"/> plus the format's extension.</summary>
    public static FileContentHttpResult File(ReportTable table, ReportFormat format, string name) => format switch
    {
        ReportFormat.Csv => TypedResults.File(Csv(table), $"{CsvType}; charset=utf-8", $"{name}.csv"),
        _ => TypedResults.File(Xlsx(table), XlsxType, $"{name}.xlsx"),
    };

    /// <summary>
    /// RFC 4180 CSV in UTF-8 with a byte order mark; numbers with a dot for decimals; text that a spreadsheet would run
    /// as a formula is written as text.
    /// </summary>
    public static byte[] Csv(ReportTable table)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            foreach (var header in table.Headers)
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A workbook with one sheet: the headers in the first row, numbers as numbers.</summary>
    public static byte[] Xlsx(ReportTable table)
    {
        var rows = table.Rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < table.Headers.Count; i++)
            {
                cells[table.Headers[i]] = row[i];
            }

            return cells;
        });
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows, sheetName: table.Sheet, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }
}
