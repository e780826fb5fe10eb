using CaseEngine.Domain.Calendar;
using CaseEngine.Grains.Reference;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;

namespace CaseEngine.Api.Board;

/// <summary>One open dossier on the lobby board: its code and where it stands, nothing personal.</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="Status">Status.</param>
/// <param name="NationalStatusCode">National status code 1–10.</param>
/// <param name="StatusName">National status name in Vietnamese.</param>
/// <param name="DueAt">Legal due time (office time).</param>
/// <param name="Bucket">Not yet due, nearly late or late, at <see cref="LobbyBoard.Now"/>.</param>
/// <param name="Paused">Whether its clock is paused, waiting for the citizen (supplement, payment).</param>
/// <param name="WorkingSecondsLeft">Working time left until due at <see cref="LobbyBoard.Now"/> (or its pause), in seconds; negative when late.</param>
/// <param name="WorkingSecondsToNearlyLate">Working time left until it becomes nearly late, in seconds; negative once it is.</param>
/// <param name="BucketChanges">
/// The buckets it enters while its clock runs, each after so many working seconds from <see cref="LobbyBoard.Now"/>, in
/// order; none when paused. A page counting down moves the row by these, with no bucket rule of its own.
/// </param>
/// <param name="Provisional">Whether the due time falls after the published holiday calendar, so may still move.</param>
public sealed record LobbyBoardLine(
    string Code,
    DossierStatus Status,
    int NationalStatusCode,
    string StatusName,
    DateTimeOffset DueAt,
    Bucket Bucket,
    bool Paused,
    long WorkingSecondsLeft,
    long WorkingSecondsToNearlyLate,
    IReadOnlyList<BucketChange> BucketChanges,
    bool Provisional = false);

/// <summary>A bucket a dossier enters after so many working seconds.</summary>
/// <param name="AfterWorkingSeconds">Working seconds from the board's reading.</param>
/// <param name="Bucket">The bucket it enters.</param>
public sealed record BucketChange(long AfterWorkingSeconds, Bucket Bucket);

/// <summary>How many dossiers the board counts in each group.</summary>
/// <param name="NotYetDue">Open, not yet due.</param>
/// <param name="NearlyLate">Open, nearly late.</param>
/// <param name="Late">Open, late.</param>
/// <param name="Paused">Open with the clock paused (counted in their bucket too).</param>
/// <param name="Ready">Result ready, waiting for the citizen.</param>
public sealed record LobbyBoardCounts(int NotYetDue, int NearlyLate, int Late, int Paused, int Ready);

/// <summary>
/// An office's lobby board: its open dossiers, most urgent first, with the working time they have left, and the
/// results ready to collect. Codes and statuses only: no names, no phone numbers, no holders.
/// </summary>
/// <param name="OfficeCode">Office code.</param>
/// <param name="OfficeName">Office name.</param>
/// <param name="Now">When the board was read (office time): the instant every countdown is measured at.</param>
/// <param name="ClockRunsForSeconds">
/// How long from <paramref name="Now"/> the office's working time runs without a break (to the end of the current
/// session), in seconds; 0 when the office is closed. A page counts running dossiers down for that long at most.
/// </param>
/// <param name="Open">Open dossiers: late first, then by working time left; paused ones last.</param>
/// <param name="MoreOpen">Open dossiers beyond those listed.</param>
/// <param name="Ready">Codes of the dossiers whose result is ready to collect, newest first.</param>
/// <param name="Counts">How many in each group.</param>
public sealed record LobbyBoard(
    string OfficeCode,
    string OfficeName,
    DateTimeOffset Now,
    long ClockRunsForSeconds,
    IReadOnlyList<LobbyBoardLine> Open,
    int MoreOpen,
    IReadOnlyList<string> Ready,
    LobbyBoardCounts Counts)
{
    /// <summary>Most open dossiers listed.</summary>
    public const int MaxOpenLines = 200;

    /// <summary>Most ready results listed.</summary>
    public const int MaxReady = 60;
}

/// <summary>Reads lobby boards from the read side: no dossier grain is activated.</summary>
public sealed class LobbyBoards(IDossierIndex index, CurrentReference reference, TimeProvider time)
{
    // A board is read again at least this often (engine time), so that countdowns are corrected and buckets move
    // even when nothing is written; and at the start and end of each working session.
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    /// <summary>The board of <paramref name="officeCode"/> now.</summary>
    /// <exception cref="NotFoundException">No such office.</exception>
    public async Task<LobbyBoard> ReadAsync(string officeCode, CancellationToken cancellationToken)
    {
        var data = reference.Data;
        var office = data.RequireOffice(officeCode);
        var calendar = office.Calendar;
        var now = time.GetUtcNow();

        // Every open dossier is in exactly one bucket; a dossier written between two of these reads may show in two.
        var open = new List<DossierSummary>();
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            open.AddRange(await index.ListAsync(officeCode, new DossierFilter(Bucket: bucket, Limit: DossierFilter.MaxLimit), now, cancellationToken));
        }

        var lines = open
            .DistinctBy(d => d.Code, StringComparer.Ordinal)
            .Where(d => d.Deadline is not null)
            .Select(d =>
            {
                var from = d.PausedSince ?? now;
                return new LobbyBoardLine(
                    d.Code,
                    d.Status,
                    d.Status.NationalCode(),
                    d.Status.VietnameseName(),
                    calendar.ToLocal(d.Deadline!.DueAt),
                    d.BucketAt(now)!.Value,
                    d.PausedSince is not null,
                    (long)Math.Floor(calendar.Between(from, d.Deadline.DueAt).TotalSeconds),
                    (long)Math.Floor(calendar.Between(from, d.Deadline.NearlyLateAt).TotalSeconds),
                    d.PausedSince is not null
                        ? []
                        : [.. d.Deadline.BucketsAfter(now).Select(c => new BucketChange((long)Math.Floor(calendar.Between(now, c.At).TotalSeconds), c.Bucket))],
                    CalendarCoverage.IsProvisional(data, calendar.LocalDate(d.Deadline.DueAt)));
            })
            .OrderBy(l => l.Paused)
            .ThenBy(l => l.WorkingSecondsLeft)
            .ThenBy(l => l.Code, StringComparer.Ordinal)
            .ToList();

        var ready = await index.ListAsync(
            officeCode, new DossierFilter(Status: DossierStatus.ResultReady, Limit: LobbyBoard.MaxReady), now, cancellationToken);
        var session = calendar.IsWorkingInstant(now) ? calendar.Intervals(now).First().End - now : TimeSpan.Zero;
        return new LobbyBoard(
            office.Code,
            office.Name,
            calendar.ToLocal(now),
            (long)Math.Floor(session.TotalSeconds),
            [.. lines.Take(LobbyBoard.MaxOpenLines)],
            Math.Max(0, lines.Count - LobbyBoard.MaxOpenLines),
            [.. ready.Select(d => d.Code)],
            new LobbyBoardCounts(
                lines.Count(l => l.Bucket == Bucket.NotYetDue),
                lines.Count(l => l.Bucket == Bucket.NearlyLate),
                lines.Count(l => l.Bucket == Bucket.Late),
                lines.Count(l => l.Paused),
                ready.Count));
    }

    /// <summary>
    /// When a board read at <paramref name="board"/>'s time should be read again though nothing changed: a minute
    /// later, or at the next start or end of a working session if that comes first.
    /// </summary>
    public DateTimeOffset RefreshAt(LobbyBoard board)
    {
        var calendar = reference.Data.RequireOffice(board.OfficeCode).Calendar;
        var now = board.Now;
        var (start, end) = calendar.Intervals(now).First();
        var boundary = start > now ? start : end;
        var regular = now + RefreshEvery;
        return boundary < regular ? boundary : regular;
    }
}
