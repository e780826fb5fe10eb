using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Domain.Validation;

/// <summary>What kind of input a step asks for; the counter's page picks its control by it.</summary>
public enum StepInputKind
{
    /// <summary>One line of text.</summary>
    Text,

    /// <summary>Several lines of text.</summary>
    LongText,

    /// <summary>A day and time of the office (sent with the office's offset).</summary>
    DateTime,

    /// <summary>One of the input's choices.</summary>
    Choice,
}

/// <summary>One of a choice input's values, with its label.</summary>
/// <param name="Value">What the request sends.</param>
/// <param name="Label">What the page shows.</param>
public sealed record InputChoice(string Value, string Label);

/// <summary>One input a step takes from its request body.</summary>
/// <param name="Name">The body's property.</param>
/// <param name="Label">Label in Vietnamese, as the page shows it and messages name it.</param>
/// <param name="Kind">Kind of input.</param>
/// <param name="Required">Whether the step needs it.</param>
public sealed record StepInput(string Name, string Label, StepInputKind Kind, bool Required)
{
    /// <summary>Longest text accepted, for text inputs.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The values of a choice input.</summary>
    public IReadOnlyList<InputChoice> Choices { get; init; } = [];

    /// <summary>For a day and time: the office's offset from UTC (such as <c>+07:00</c>) the instant is sent with.</summary>
    public string? UtcOffset { get; init; }
}

/// <summary>A step's request body as sent, not yet checked: whichever of these the step takes.</summary>
/// <param name="Note">Optional note.</param>
/// <param name="Reason">The reason, given to the citizen in writing.</param>
/// <param name="To">Who receives the dossier, for hand-overs; who gets the signed result, for an approval.</param>
/// <param name="NewAppointment">The new appointment, for an apology.</param>
/// <param name="Consent">How the citizen confirmed a draft, for receiving one.</param>
public sealed record StepEntry(string? Note = null, string? Reason = null, string? To = null, DateTimeOffset? NewAppointment = null, ConsentMethod? Consent = null);

/// <summary>
/// The inputs each step takes, with their labels and limits: what the counter asks for before a step
/// (<see cref="ActionOffers"/>) and what a step's request is checked against, one table for both.
/// </summary>
public static class StepInputs
{
    /// <summary>Longest note or reason.</summary>
    public const int MaxNote = 2000;

    /// <summary>Longest user account named as a recipient.</summary>
    public const int MaxRecipient = 200;

    /// <summary>An optional note.</summary>
    public static readonly StepInput Note = new("note", "Ghi chú", StepInputKind.LongText, Required: false) { MaxLength = MaxNote };

    /// <summary>The reason, written for the citizen.</summary>
    public static readonly StepInput Reason = new("reason", "Lý do (ghi cho công dân)", StepInputKind.LongText, Required: true) { MaxLength = MaxNote };

    /// <summary>The specialist a dossier is forwarded to.</summary>
    public static readonly StepInput Specialist = new("to", "Chuyển cho (tài khoản chuyên viên)", StepInputKind.Text, Required: true) { MaxLength = MaxRecipient };

    /// <summary>The leader a dossier is submitted to for signature.</summary>
    public static readonly StepInput Signer = new("to", "Trình lãnh đạo (tài khoản người ký)", StepInputKind.Text, Required: true) { MaxLength = MaxRecipient };

    /// <summary>Who gets the signed result; the counter when left empty.</summary>
    public static readonly StepInput ResultRecipient =
        new("to", $"Chuyển kết quả cho (để trống: {DossierDecider.CounterDesk})", StepInputKind.Text, Required: false) { MaxLength = MaxRecipient };

    /// <summary>The new appointment of an apology.</summary>
    public static readonly StepInput NewAppointment = new("newAppointment", "Ngày giờ hẹn trả kết quả mới", StepInputKind.DateTime, Required: true);

    /// <summary>How the citizen confirmed what was entered for them: by signature or fingerprint.</summary>
    public static readonly StepInput Consent = new("consent", "Công dân xác nhận nội dung đã nhập", StepInputKind.Choice, Required: true)
    {
        Choices = [new(nameof(ConsentMethod.Signature), "Ký tên"), new(nameof(ConsentMethod.Fingerprint), "Điểm chỉ")],
    };

    /// <summary>
    /// The inputs <paramref name="action"/> takes. Receiving takes the citizen's consent only when the draft lacks it,
    /// which the dossier decides: here it is optional.
    /// </summary>
    public static IReadOnlyList<StepInput> Of(DossierAction action) => action switch
    {
        DossierAction.Receive => [Consent with { Required = false }, Note],
        DossierAction.Forward => [Specialist, Note],
        DossierAction.SubmitForSignature => [Signer, Note],
        DossierAction.ApproveResult => [ResultRecipient, Note],
        DossierAction.ReturnResult or DossierAction.ResubmitSupplement or DossierAction.ConfirmPayment => [Note],
        DossierAction.Refuse or DossierAction.RequestSupplement or DossierAction.RequirePayment or DossierAction.Withdraw or DossierAction.Stop => [Reason],
        DossierAction.IssueApology => [Reason, NewAppointment],
        _ => [],
    };

    /// <summary>
    /// The command of <paramref name="action"/> by <paramref name="actor"/> from <paramref name="entry"/>; every input
    /// that does not fit is added to <paramref name="errors"/> under its name. What the dossier itself decides (a
    /// new appointment after the due time, the consent a draft lacks) is left to it.
    /// </summary>
    public static DossierCommand Read(DossierAction action, string actor, StepEntry entry, FieldErrors errors)
    {
        var inputs = Of(action);
        foreach (var input in inputs)
        {
            var subject = FieldRules.Quoted(input.Label);
            errors.Add(input.Name, input.Kind switch
            {
                StepInputKind.Text or StepInputKind.LongText => FieldRules.Text(subject, TextOf(input, entry), input.MaxLength ?? MaxNote, input.Required),
                StepInputKind.DateTime when input.Required && entry.NewAppointment is null => FieldRules.Missing(subject),
                StepInputKind.Choice when input.Required && entry.Consent is null => FieldRules.Missing(subject),
                _ => null,
            });
        }

        return new DossierCommand
        {
            Action = action,
            Actor = actor,
            Note = inputs.Contains(Reason) ? entry.Reason : entry.Note,
            To = entry.To,
            NewAppointment = entry.NewAppointment,
            Consent = entry.Consent,
        };
    }

    private static string? TextOf(StepInput input, StepEntry entry) => input.Name switch
    {
        "note" => entry.Note,
        "reason" => entry.Reason,
        "to" => entry.To,
        _ => null,
    };
}
