using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Validation;

/// <summary>The codes a request names: a dossier's, an office's, a procedure's, a portal's own dossier id.</summary>
public static class Codes
{
    /// <summary>Longest code accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>How messages name an office code.</summary>
    public const string OfficeSubject = "Mã đơn vị";

    /// <summary>How messages name a procedure code.</summary>
    public const string ProcedureSubject = "Mã thủ tục";

    /// <summary>How messages name a portal's own dossier id.</summary>
    public const string PortalDossierSubject = "Mã hồ sơ trên cổng dịch vụ công";

    /// <summary>Whether <paramref name="code"/> is a dossier code; when not, the reason is added under <paramref name="key"/>.</summary>
    public static bool Dossier(string? code, FieldErrors errors, string key = "code")
    {
        if (DossierCodeFormat.IsValid(code))
        {
            return true;
        }

        errors.Add(key, $"{FieldRules.Quoted(code ?? string.Empty)} không phải là mã hồ sơ: mã hồ sơ viết <mã đơn vị>-<năm, tháng, ngày YYMMDD>-<số thứ tự 4 chữ số>, như 018-220913-0001.");
        return false;
    }

    /// <summary>
    /// A code named as <paramref name="subject"/>, trimmed: null, with the reason added under <paramref name="key"/>,
    /// when it is missing (and <paramref name="required"/>) or is not text of a code's length.
    /// </summary>
    public static string? Text(string subject, string? code, FieldErrors errors, string key, bool required = true)
    {
        var problem = FieldRules.Text(subject, code, MaxLength, required);
        errors.Add(key, problem);
        return problem is null && !string.IsNullOrWhiteSpace(code) ? code.Trim() : null;
    }

    /// <summary>An office of <paramref name="reference"/>, named by a request; null, with the reason, when it is not one.</summary>
    public static Office? KnownOffice(string? code, ReferenceData reference, FieldErrors errors, string key = "officeCode")
    {
        if (Text(OfficeSubject, code, errors, key) is not { } trimmed)
        {
            return null;
        }

        var office = reference.Offices.GetValueOrDefault(trimmed);
        return office ?? Unknown<Office>(errors, key, $"Đơn vị {FieldRules.Quoted(trimmed)} không phải là một đơn vị của hệ thống.");
    }

    /// <summary>A procedure of the catalogue, named by a request; null, with the reason, when it is not one.</summary>
    public static Procedure? KnownProcedure(string? code, ReferenceData reference, FieldErrors errors, string key = "procedureCode")
    {
        if (Text(ProcedureSubject, code, errors, key) is not { } trimmed)
        {
            return null;
        }

        var procedure = reference.Procedures.GetValueOrDefault(trimmed);
        return procedure ?? Unknown<Procedure>(errors, key, $"Thủ tục {FieldRules.Quoted(trimmed)} không có trong danh mục thủ tục.");
    }

    private static T? Unknown<T>(FieldErrors errors, string key, string message)
        where T : class
    {
        errors.Add(key, message);
        return null;
    }
}
