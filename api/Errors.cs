using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api;

/// <summary>Collects field errors of a request body into one 400 validation problem.</summary>
internal sealed class Errors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    public Errors Add(string field, string message)
    {
        _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];
        return this;
    }

    public Errors Text(string field, string? value, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"{field} is required.") : this;
        }

        if (value.Length > maxLength)
        {
            return Add(field, $"{field} is longer than {maxLength} characters.");
        }

        return value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? Add(field, $"{field} contains control characters.")
            : this;
    }

    public Errors Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return this;
        }

        var digits = phone.Trim().TrimStart('+');
        return digits.Length is < 8 or > Limits.MaxPhone || !digits.All(char.IsAsciiDigit)
            ? Add("applicant.phone", "applicant.phone must be 8 to 20 digits, optionally after a '+'.")
            : this;
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(_errors);
}
