using System.Text;
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

        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return Add(field, $"{field} contains control characters.");
        }

        // Unicode noncharacters and lone surrogates are never text a person typed.
        return value.EnumerateRunes().Any(r => r == Rune.ReplacementChar || r.Value is (>= 0xFDD0 and <= 0xFDEF) || (r.Value & 0xFFFE) == 0xFFFE)
            ? Add(field, $"{field} contains characters that are not text.")
            : this;
    }

    public Errors Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return Add("applicant.phone", "applicant.phone is required.");
        }

        var digits = phone.Trim().TrimStart('+');
        return digits.Length is < 8 or > Limits.MaxPhone || !digits.All(char.IsAsciiDigit)
            ? Add("applicant.phone", "applicant.phone must be 8 to 20 digits, optionally after a '+'.")
            : this;
    }

    /// <summary>
    /// A citizen identity number: 12 digits, the first three a province code (001–096) as the Ministry of Public
    /// Security issues them.
    /// </summary>
    public Errors CitizenId(string? citizenId)
    {
        const string Field = "applicant.citizenId";
        var id = citizenId?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return Add(Field, $"{Field} is required.");
        }

        return id.Length != 12 || !id.All(char.IsAsciiDigit) || int.Parse(id[..3], System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 96
            ? Add(Field, $"{Field} must be 12 digits starting with a province code 001–096.")
            : this;
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(_errors);

    /// <summary>The problem with each field named as <paramref name="rename"/> says, in its key and its messages.</summary>
    public ValidationProblem Problem(Func<string, string> rename) => TypedResults.ValidationProblem(_errors
        .GroupBy(e => rename(e.Key), StringComparer.Ordinal)
        .ToDictionary(
            g => g.Key,
            g => g.SelectMany(e => e.Value.Select(message => message.Replace(e.Key, g.Key, StringComparison.Ordinal))).Distinct().ToArray()));
}
