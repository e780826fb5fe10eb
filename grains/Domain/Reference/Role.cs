namespace CaseEngine.Domain.Reference;

/// <summary>What a user of the engine does at their office.</summary>
public enum Role
{
    /// <summary>Receives dossiers at the counter, forwards them, hands results back (cán bộ tiếp nhận).</summary>
    CounterOfficer,

    /// <summary>Helps citizens: enters drafts and fills forms, nothing more (tình nguyện viên).</summary>
    Volunteer,

    /// <summary>Processes forwarded dossiers in a specialist department (chuyên viên).</summary>
    Specialist,

    /// <summary>Signs results and refuses or stops dossiers (lãnh đạo).</summary>
    Leader,

    /// <summary>Reads everything of the office; takes no step on dossiers.</summary>
    Administrator,

    /// <summary>A portal adapter: acts only through the portal endpoints.</summary>
    PortalClient,
}
