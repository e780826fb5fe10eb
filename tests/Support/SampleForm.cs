using CaseEngine.Domain.Reference;

namespace CaseEngine.Tests.Support;

/// <summary>
/// A declaration form filled in with values every field of it accepts, as a counter officer would type them, for
/// any procedure: what tests and the benchmark send when the form's content is not what they are about.
/// Also compiled into the benchmark (linked from <c>bench/CaseEngine.Bench.csproj</c>), so it uses the domain only.
/// </summary>
public static class SampleForm
{
    /// <summary>Sample text, cut to a field's maximum length.</summary>
    public const string Text = "Nguyễn Thị Bích Ngọc";

    /// <summary>Sample day: in the past for every dossier the tests and the benchmark create.</summary>
    public const string Date = "2022-01-10";

    /// <summary>Sample whole number.</summary>
    public const string Number = "1";

    /// <summary>Every field of <paramref name="procedure"/>'s form, required or not, by name.</summary>
    public static Dictionary<string, string> For(Procedure procedure) =>
        procedure.Form.ToDictionary(f => f.Name, ValueFor, StringComparer.Ordinal);

    /// <summary>The form of the procedure coded <paramref name="procedureCode"/>; empty for a code the catalogue lacks.</summary>
    public static Dictionary<string, string> For(ReferenceData reference, string procedureCode) =>
        reference.Procedures.TryGetValue(procedureCode, out var procedure) ? For(procedure) : new(StringComparer.Ordinal);

    /// <summary>A value <paramref name="field"/> accepts: text within its length, a past day, 1, or its first choice.</summary>
    public static string ValueFor(FormField field) => field.Type switch
    {
        FormFieldType.Date => Date,
        FormFieldType.Number => Number,
        FormFieldType.Choice => field.Choices[0],
        _ => Text[..Math.Min(Text.Length, field.MaxLength)].TrimEnd(),
    };
}
