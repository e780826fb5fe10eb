using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace CaseEngine.Domain.Dossiers;

/// <summary>What sort of thing a step of the history records.</summary>
public enum StepType
{
    /// <summary>The dossier was created.</summary>
    Created = 1,

    /// <summary>A person took an action (<see cref="DossierAction"/>).</summary>
    Action,

    /// <summary>A deadline event fired (<see cref="DeadlineEvent"/>).</summary>
    Deadline,

    /// <summary>The citizen rated the service.</summary>
    Rated,

    /// <summary>The deadline was counted again under a new holiday calendar.</summary>
    Revised,
}

/// <summary>
/// What a step of the history records: the creation, an action (<see cref="DossierAction"/>), a deadline event
/// (<see cref="DeadlineEvent"/>) of the legal deadline or of a new appointment, the citizen's rating, or a revision of
/// the deadline under a new holiday calendar. The stored state, the portal outbox and the API hold it as its
/// <see cref="Name"/> ("Created", "Forward", "Due (new appointment)", "Rate", "Revise"), read and written by
/// <see cref="StepKindJsonConverter"/>. Made only by <see cref="Created"/>, <see cref="Rated"/>, <see cref="Revised"/>,
/// <see cref="Of(DossierAction)"/>, <see cref="Of(DeadlineEvent, int)"/> and <see cref="Parse"/>; the zero value is no
/// kind, never stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("caseengine.step-kind.v1")]
[JsonConverter(typeof(StepKindJsonConverter))]
public readonly record struct StepKind
{
    private const string NewAppointmentSuffix = " (new appointment)";

    private StepKind(StepType type, DossierAction? action = null, DeadlineEvent? deadline = null, bool newAppointment = false)
    {
        Type = type;
        Action = action;
        Deadline = deadline;
        NewAppointment = newAppointment;
    }

    /// <summary>The creation of the dossier, the first step of every history.</summary>
    public static StepKind Created { get; } = new(StepType.Created);

    /// <summary>The citizen's rating of the service of a returned dossier.</summary>
    public static StepKind Rated { get; } = new(StepType.Rated);

    /// <summary>The deadline counted again because the holiday calendar changed (<see cref="DeadlineRevision"/>).</summary>
    public static StepKind Revised { get; } = new(StepType.Revised);

    /// <summary>
    /// Every kind a history can hold: the creation, every action, the three deadline events of the legal deadline
    /// and of a new appointment, the rating and the revision of the deadline.
    /// </summary>
    public static IReadOnlyList<StepKind> All { get; } =
    [
        Created,
        .. Enum.GetValues<DossierAction>().Select(Of),
        .. Enum.GetValues<DeadlineEvent>().Select(e => Of(e)),
        .. Enum.GetValues<DeadlineEvent>().Select(e => Of(e, generation: 1)),
        Rated,
        Revised,
    ];

    private static FrozenDictionary<string, StepKind> ByName { get; } = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>What sort of step it is; 0 for no kind.</summary>
    [Id(0)] public StepType Type { get; }

    /// <summary>The action taken, for an action.</summary>
    [Id(1)] public DossierAction? Action { get; }

    /// <summary>The deadline event, for a deadline event.</summary>
    [Id(2)] public DeadlineEvent? Deadline { get; }

    /// <summary>Whether a deadline event is of a new appointment given with an apology rather than of the legal deadline.</summary>
    [Id(3)] public bool NewAppointment { get; }

    /// <summary>
    /// The name stored and sent: "Created", the action's name, the deadline event's name ("… (new appointment)" for a
    /// new appointment's), "Rate" or "Revise"; empty for no kind.
    /// </summary>
    public string Name => this switch
    {
        { Type: StepType.Created } => "Created",
        { Action: { } action } => action.ToString(),
        { Deadline: { } deadline } => NewAppointment ? $"{deadline}{NewAppointmentSuffix}" : deadline.ToString(),
        { Type: StepType.Rated } => "Rate",
        { Type: StepType.Revised } => "Revise",
        _ => string.Empty,
    };

    /// <summary>The step that takes <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not an action.</exception>
    public static StepKind Of(DossierAction action) =>
        Enum.IsDefined(action) ? new(StepType.Action, action: action) : throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action.");

    /// <summary>
    /// The step <paramref name="deadline"/> fires as, for the deadline of <paramref name="generation"/>
    /// (<see cref="Schedule.Generation"/>: 0 the legal deadline, 1 a new appointment).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deadline"/> is not a deadline event.</exception>
    public static StepKind Of(DeadlineEvent deadline, int generation = 0) =>
        Enum.IsDefined(deadline)
            ? new(StepType.Deadline, deadline: deadline, newAppointment: generation > 0)
            : throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "Not a deadline event.");

    /// <summary>The kind named <paramref name="name"/> (<see cref="Name"/>, exactly), if there is one.</summary>
    public static bool TryParse(string? name, out StepKind kind) => ByName.TryGetValue(name ?? string.Empty, out kind);

    /// <summary>The kind named <paramref name="name"/> (<see cref="Name"/>, exactly).</summary>
    /// <exception cref="FormatException">No kind has that name.</exception>
    public static StepKind Parse(string name) =>
        TryParse(name, out var kind)
            ? kind
            : throw new FormatException(Unknown(name));

    /// <summary>What is said of a name no kind has.</summary>
    internal static string Unknown(string? name) =>
        $"\"{name}\" is not a step kind: one of {string.Join(", ", All.Select(k => $"\"{k.Name}\""))} was expected.";

    /// <inheritdoc />
    public override string ToString() => Name;
}
