using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Validation;

/// <summary>
/// A procedure's declaration form (tờ khai) as filled in for the citizen, checked field by field against the
/// procedure's definition. Field errors are keyed <c>form.&lt;name&gt;</c> and name the field's label.
/// </summary>
public static class DeclarationForm
{
    /// <summary>The key of the form in a request, and the prefix of its fields' errors.</summary>
    public const string Key = "form";

    /// <summary>The error key of the field named <paramref name="name"/>: <c>form.&lt;name&gt;</c>.</summary>
    public static string KeyOf(string name) => $"{Key}.{name}";

    /// <summary>
    /// The filled fields of <paramref name="values"/>, trimmed (null when nothing was given); every field that does
    /// not fit, and every name the form does not have, is added to <paramref name="errors"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Read(Procedure procedure, IReadOnlyDictionary<string, string?>? values, FieldErrors errors)
    {
        var given = values ?? new Dictionary<string, string?>();
        foreach (var name in given.Keys.Where(k => procedure.Form.All(f => f.Name != k)))
        {
            errors.Add(KeyOf(name), $"{FieldRules.Quoted(name)} không phải là một trường của tờ khai thủ tục {procedure.Code}.");
        }

        foreach (var field in procedure.Form)
        {
            errors.Add(KeyOf(field.Name), field.Problem(given.GetValueOrDefault(field.Name)));
        }

        return given.Count == 0
            ? null
            : given.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!.Trim(), StringComparer.Ordinal);
    }
}
