namespace CaseEngine.Domain.Validation;

/// <summary>
/// The field errors of one request, keyed by the request's own field names (<c>applicant.phone</c>,
/// <c>form.capital</c>, <c>reason</c>, …), each with its messages in Vietnamese, in the order they were found.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any field has an error.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>The fields with errors.</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    /// <summary>Adds <paramref name="message"/> to <paramref name="field"/>'s errors, once; a null message adds nothing.</summary>
    public FieldErrors Add(string field, string? message)
    {
        if (message is null)
        {
            return this;
        }

        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        if (!messages.Contains(message))
        {
            messages.Add(message);
        }

        return this;
    }

    /// <summary>The messages of <paramref name="field"/>; empty when it has none.</summary>
    public IReadOnlyList<string> Of(string field) => _errors.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>The errors by field, as a validation problem carries them.</summary>
    public IDictionary<string, string[]> ToDictionary() => ToDictionary(field => field);

    /// <summary>
    /// The errors with each field named as <paramref name="rename"/> says (a portal's own names, say); fields that
    /// take one name share its messages.
    /// </summary>
    public IDictionary<string, string[]> ToDictionary(Func<string, string> rename) => _errors
        .GroupBy(e => rename(e.Key), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray(), StringComparer.Ordinal);
}
