using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Domain.Validation;

/// <summary>What a citizen types on the status page: the dossier code, the phone's last 4 digits, and a rating.</summary>
public static class CitizenForm
{
    /// <summary>Longest comment of a rating.</summary>
    public const int MaxComment = 2000;

    /// <summary>The label of the phone's last digits.</summary>
    public const string Phone4 = "4 số cuối điện thoại";

    /// <summary>The label of a rating's comment.</summary>
    public const string Comment = "Góp ý";

    /// <summary>The satisfactions, with the words the status page shows.</summary>
    public static readonly IReadOnlyList<InputChoice> Satisfactions =
    [
        new(nameof(Satisfaction.Satisfied), "Hài lòng"), new(nameof(Satisfaction.Neutral), "Bình thường"), new(nameof(Satisfaction.Dissatisfied), "Không hài lòng"),
    ];

    /// <summary>Checks a look-up: the dossier code (key <c>code</c>) and the phone's last 4 digits (key <c>phone4</c>).</summary>
    public static FieldErrors LookUp(string code, string? phone4)
    {
        var errors = new FieldErrors();
        Codes.Dossier(code, errors);
        if (phone4 is not { Length: 4 } || !phone4.All(char.IsAsciiDigit))
        {
            errors.Add("phone4", $"{FieldRules.Quoted(Phone4)} phải là đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ.");
        }

        return errors;
    }

    /// <summary>Checks a rating: the look-up, a satisfaction (key <c>satisfaction</c>) and an optional comment (key <c>comment</c>).</summary>
    public static FieldErrors Rating(string code, string? phone4, Satisfaction? satisfaction, string? comment)
    {
        var errors = LookUp(code, phone4);
        errors.Add("comment", FieldRules.Text(FieldRules.Quoted(Comment), comment, MaxComment));
        if (satisfaction is null || !Enum.IsDefined(satisfaction.Value))
        {
            errors.Add("satisfaction", $"Hãy chọn mức độ hài lòng: {string.Join(", ", Satisfactions.Select(s => FieldRules.Quoted(s.Label)))}.");
        }

        return errors;
    }
}
