namespace CaseEngine.Domain.Dossiers;

/// <summary>An action that is not legal in the dossier's current status (HTTP 409).</summary>
[GenerateSerializer, Alias("caseengine.illegal-transition")]
public sealed class IllegalTransitionException : Exception
{
    /// <summary>Creates the error.</summary>
    public IllegalTransitionException(string dossierCode, string action, DossierStatus current)
        : base(current == DossierStatus.None
            ? $"Hồ sơ {dossierCode} không thể {action}: hồ sơ chưa được tạo."
            : $"Hồ sơ {dossierCode} không thể {action}: hồ sơ đang ở trạng thái «{current.VietnameseName()}» (mã trạng thái {current.NationalCode()}).")
    {
        DossierCode = dossierCode;
        Action = action;
        Current = current;
    }

    /// <summary>The dossier.</summary>
    [Id(0)] public string DossierCode { get; }

    /// <summary>The action attempted.</summary>
    [Id(1)] public string Action { get; }

    /// <summary>The dossier's current status.</summary>
    [Id(2)] public DossierStatus Current { get; }
}

/// <summary>A request that is well formed and legal in the status, but breaks a business rule (HTTP 422).</summary>
[GenerateSerializer, Alias("caseengine.rule-violation")]
public sealed class RuleViolationException(string message) : Exception(message);

/// <summary>A dossier, office or procedure that does not exist (HTTP 404).</summary>
[GenerateSerializer, Alias("caseengine.not-found")]
public sealed class NotFoundException(string message) : Exception(message)
{
    /// <summary>No dossier <paramref name="code"/>.</summary>
    public static NotFoundException Dossier(string code) => new($"Không có hồ sơ '{code}'.");

    /// <summary>No procedure <paramref name="code"/> in the catalogue.</summary>
    public static NotFoundException Procedure(string code) => new($"Thủ tục '{code}' không có trong danh mục.");
}

/// <summary>
/// The dossier's stored state changed under this copy (another activation wrote it, or a write's outcome is unknown):
/// nothing was applied, and the next request reads the stored state afresh (HTTP 409).
/// </summary>
[GenerateSerializer, Alias("caseengine.concurrency-conflict")]
public sealed class ConcurrencyConflictException(string message) : Exception(message);
