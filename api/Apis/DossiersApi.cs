using CaseEngine.Api.Faults;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using CaseEngine.Api.Security;
using CaseEngine.ReadSide;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>Dossiers: creation at an office, reading, listing, every transition and the history.</summary>
public static class DossiersApi
{
    /// <summary>Maps <c>/api/offices/{officeCode}/dossiers</c> and <c>/api/dossiers</c>.</summary>
    public static IEndpointRouteBuilder MapDossiersApi(this IEndpointRouteBuilder app)
    {
        var office = app.MapGroup("/api/offices/{officeCode}/dossiers").WithTags("Dossiers").OwnOfficeOnly()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        office.MapPost("/", ReceiveAtCounter)
            .Allow(Permissions.Receivers)
            .WithName("ReceiveAtCounter")
            .WithSummary("Receive a dossier handed in at the counter; its clock starts now")
            .WithDescription("Fast-track procedures handed in on one of the office's fast-track weekdays, early enough for the rule set's fast-track time to end that day, get it; "
                + "others get the procedure's standard time (a fast-track one too late for its day gets what the rule set's lateFastTrackReception says).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        office.MapPost("/drafts", EnterDraft)
            .Allow(Permissions.DraftEntrants)
            .WithName("EnterDraft")
            .WithSummary("Enter a dossier as a volunteer's draft, awaiting acceptance at the counter")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        office.MapGet("/", ListDossiers)
            .Allow(Permissions.Readers)
            .WithName("ListOfficeDossiers")
            .WithSummary("List an office's dossiers, newest first, by status, bucket, procedure and creation day")
            .WithDescription("Read from the read side, without activating dossiers. Days are office days (yyyy-MM-dd, both ends included); limit 1–1000, default 100.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/offices/{officeCode}/entry-form", GetEntryForm)
            .Allow(Permissions.Readers)
            .OwnOfficeOnly()
            .WithTags("Dossiers")
            .WithName("GetEntryForm")
            .WithSummary("What the counter's entry form asks for (the applicant's fields with their labels, the citizen's consent) and how the signed-in user submits it")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/offices/{officeCode}/dossier-counts", CountDossiers)
            .Allow(Permissions.Readers)
            .OwnOfficeOnly()
            .WithTags("Dossiers")
            .WithName("CountOfficeDossiers")
            .WithSummary("Count an office's dossiers created between two days, by status and by procedure")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var dossiers = app.MapGroup($"{ActionOffers.DossiersPath}/{{code}}").WithTags("Dossiers").OwnOfficeOnly()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        dossiers.MapGet("/", GetDossier).Allow(Permissions.Readers).WithName("GetDossier").WithSummary("Get a dossier").ProducesProblem(StatusCodes.Status404NotFound);
        dossiers.MapGet("/history", GetHistory)
            .Allow(Permissions.Readers)
            .WithName("GetDossierHistory")
            .WithSummary("The process control slip: every step and hand-over with its timeliness")
            .ProducesProblem(StatusCodes.Status404NotFound);

        dossiers.MapGet("/actions", GetMyActions)
            .Allow(Permissions.Readers)
            .WithName("GetMyActions")
            .WithSummary("The steps the signed-in user may take on the dossier now (legal in its status, allowed by its own rules and to their role), each with its Vietnamese label, the endpoint that takes it and the inputs it asks for")
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapStep(dossiers, DossierAction.Receive, "Accept a draft at the counter; the clock starts");
        MapStep(dossiers, DossierAction.ApproveResult, "The leader signs; the result is ready and the clock stops");
        MapStep(dossiers, DossierAction.ReturnResult, "Hand the result back to the citizen");
        MapStep(dossiers, DossierAction.ResubmitSupplement, "The citizen hands in the supplement; the clock resumes");
        MapStep(dossiers, DossierAction.ConfirmPayment, "The payment is made; the clock resumes");
        MapHandOver(dossiers, DossierAction.Forward, "Forward a received dossier to the specialist department");
        MapHandOver(dossiers, DossierAction.SubmitForSignature, "Submit the processed dossier to the leader for signature");
        MapReason(dossiers, DossierAction.Refuse, "Refuse a draft at reception, with a reason (form 03)");
        MapReason(dossiers, DossierAction.RequestSupplement, "Ask the citizen for a supplement, once (form 02); the clock pauses");
        MapReason(dossiers, DossierAction.RequirePayment, "Require a fee or tax payment; the clock pauses");
        MapReason(dossiers, DossierAction.Withdraw, "Withdraw the dossier at the citizen's request");
        MapReason(dossiers, DossierAction.Stop, "Stop processing, with a reason");
        Describe(
            dossiers.MapPost($"/{ActionOffers.PathOf(DossierAction.IssueApology)}", IssueApology),
            DossierAction.IssueApology,
            "Apologise and give a new appointment, once (form 04)");
        return app;
    }

    /// <summary>Receives a dossier at the counter.</summary>
    public static Task<Results<Created<DossierView>, ValidationProblem>> ReceiveAtCounter(
        string officeCode, CreateDossierRequest request, ReferenceData reference, IGrainFactory grains, HttpContext http) =>
        CreateAsync(officeCode, request, reference, grains, http, asDraft: false);

    /// <summary>Enters a volunteer's draft.</summary>
    public static Task<Results<Created<DossierView>, ValidationProblem>> EnterDraft(
        string officeCode, CreateDossierRequest request, ReferenceData reference, IGrainFactory grains, HttpContext http) =>
        CreateAsync(officeCode, request, reference, grains, http, asDraft: true);

    /// <summary>An office's dossiers.</summary>
    public static async Task<Results<Ok<IReadOnlyList<BoardEntry>>, ValidationProblem>> ListDossiers(
        string officeCode,
        ReferenceData reference,
        IDossierIndex index,
        TimeProvider time,
        CancellationToken cancellationToken,
        DossierStatus? status = null,
        Bucket? bucket = null,
        string? procedure = null,
        DateOnly? from = null,
        DateOnly? to = null,
        int limit = DossierFilter.DefaultLimit,
        int offset = 0)
    {
        var calendar = reference.RequireOffice(officeCode).Calendar;
        var workingDay = calendar.Week.DayLength;
        var errors = Period(from, to);
        if (limit is < 1 or > DossierFilter.MaxLimit)
        {
            errors.Add("limit", $"Số hồ sơ mỗi trang (limit) phải từ 1 đến {DossierFilter.MaxLimit}.");
        }

        if (offset < 0)
        {
            errors.Add("offset", "Vị trí bắt đầu (offset) không được âm.");
        }

        Codes.Text(Codes.ProcedureSubject, procedure, errors, "procedure", required: false);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var now = time.GetUtcNow();
        var filter = new DossierFilter(status, bucket, procedure, StartOf(calendar, from), StartOf(calendar, to?.AddDays(1)), limit, offset);
        var page = await index.ListAsync(officeCode, filter, now, cancellationToken);
        IReadOnlyList<BoardEntry> entries =
        [
            .. page.Select(d =>
            {
                var inBucket = d.BucketAt(now);
                var left = d.WorkingMinutesLeftAt(calendar, now);
                return new BoardEntry(
                    d.Code,
                    d.ProcedureCode,
                    d.Status,
                    d.Status.NationalCode(),
                    d.Holder,
                    calendar.ToLocal(d.CreatedAt),
                    d.Deadline is { } deadline ? calendar.ToLocal(deadline.DueAt) : null,
                    inBucket,
                    left,
                    d.Status.VietnameseName(),
                    inBucket?.VietnameseName(),
                    left is { } minutes ? VietnameseWords.TimeLeft(minutes, workingDay) : null);
            }),
        ];
        return TypedResults.Ok(entries);
    }

    /// <summary>Counts of an office's dossiers.</summary>
    public static async Task<Results<Ok<DossierCountsResponse>, ValidationProblem>> CountDossiers(
        string officeCode, ReferenceData reference, IDossierIndex index, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null)
    {
        var calendar = reference.RequireOffice(officeCode).Calendar;
        if (Period(from, to) is { Any: true } errors)
        {
            return errors.Problem();
        }

        var counts = await index.CountAsync(officeCode, StartOf(calendar, from), StartOf(calendar, to?.AddDays(1)), cancellationToken);
        return TypedResults.Ok(new DossierCountsResponse(
            officeCode,
            from,
            to,
            counts.Total,
            [.. counts.ByStatus.OrderBy(c => c.Key.NationalCode()).ThenBy(c => c.Key).Select(c => new StatusCount(c.Key, c.Key.NationalCode(), c.Value))],
            [.. counts.ByProcedure.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new ProcedureCount(c.Key, c.Value))]));
    }

    private static FieldErrors Period(DateOnly? from, DateOnly? to)
    {
        var errors = new FieldErrors();
        foreach (var (field, day) in new[] { ("from", from), ("to", to) })
        {
            if (day is { Year: < Limits.FirstYear or > Limits.LastYear })
            {
                errors.Add(field, $"Ngày ({field}) phải trong các năm từ {Limits.FirstYear} đến {Limits.LastYear}.");
            }
        }

        return from > to ? errors.Add("to", "Ngày cuối (to) không được trước ngày đầu (from).") : errors;
    }

    private static DateTimeOffset? StartOf(Domain.Calendar.WorkingCalendar calendar, DateOnly? day) =>
        day is { } value ? calendar.StartOf(value) : null;

    /// <summary>One dossier.</summary>
    public static async Task<Results<Ok<DossierView>, ValidationProblem>> GetDossier(string code, IGrainFactory grains, ClusterRetry retry)
    {
        if (InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await retry.RunAsync<DossierView?>(() => grains.GetGrain<IDossierGrain>(code).GetAsync()) ?? throw NotFoundException.Dossier(code));
    }

    /// <summary>The dossier's history.</summary>
    public static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ValidationProblem>> GetHistory(string code, IGrainFactory grains, ClusterRetry retry)
    {
        if (InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await retry.RunAsync(() => grains.GetGrain<IDossierGrain>(code).GetHistoryAsync()));
    }

    /// <summary>The steps the user may take now, as the domain offers them.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ActionOffer>>, ValidationProblem>> GetMyActions(
        string code, IGrainFactory grains, ClusterRetry retry, ReferenceData reference, TimeProvider time, HttpContext http)
    {
        if (InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        var dossier = await retry.RunAsync<DossierView?>(() => grains.GetGrain<IDossierGrain>(code).GetAsync()) ?? throw NotFoundException.Dossier(code);
        var user = Access.User(http);
        var offset = reference.RequireOffice(dossier.OfficeCode).Calendar.ToLocal(time.GetUtcNow()).Offset;
        var basis = new OfferBasis(
            dossier.Code, dossier.OfficeCode, dossier.AllowedActions, DossierDecider.ConsentNeededToReceive(dossier.Channel, dossier.Consent), offset);
        return TypedResults.Ok(ActionOffers.For(basis, user.Role, user.OfficeCode, user.DistrictWide));
    }

    /// <summary>The counter's entry form of an office, for the signed-in user.</summary>
    public static Ok<EntryFormView> GetEntryForm(string officeCode, ReferenceData reference, HttpContext http)
    {
        var office = reference.RequireOffice(officeCode);
        return TypedResults.Ok(new EntryFormView(ApplicantForm.Title, ApplicantForm.Fields, StepInputs.Consent, ActionOffers.Entry(office.Code, Access.User(http).Role)));
    }

    /// <summary>Issues an apology and new appointment.</summary>
    public static async Task<Results<Ok<DossierView>, ValidationProblem>> IssueApology(
        string code, ApologyRequest request, IGrainFactory grains, HttpContext http, ReferenceData reference)
    {
        // An instant with its offset, or the office's own date and time (yyyy-MM-ddTHH:mm), read in its time zone.
        DateTimeOffset? appointment = null;
        if (!string.IsNullOrWhiteSpace(request.NewAppointment))
        {
            if (Iso8601.TryParseWithOffset(request.NewAppointment, out var instant) && instant.Year is >= Limits.FirstYear and <= Limits.LastYear)
            {
                appointment = instant;
            }
            else if (Iso8601.TryParseLocal(request.NewAppointment, out var local) && local.Year is >= Limits.FirstYear and <= Limits.LastYear
                && DossierCodeFormat.IsValid(code))
            {
                appointment = reference.RequireOffice(DossierCodeFormat.OfficeCodeOf(code)).Calendar.FromLocal(local);
            }
            else
            {
                return ValidationProblems.Of(StepInputs.NewAppointment.Name, $"«{StepInputs.NewAppointment.Label}» phải là ngày và giờ, dạng yyyy-MM-ddTHH:mm.");
            }
        }

        return await ActAsync(code, DossierAction.IssueApology, new StepEntry(Reason: request.Reason, NewAppointment: appointment), grains, http);
    }

    private static void MapStep(RouteGroupBuilder group, DossierAction action, string summary) =>
        Describe(
            group.MapPost($"/{ActionOffers.PathOf(action)}", (string code, StepRequest request, IGrainFactory grains, HttpContext http) =>
                ActAsync(code, action, new StepEntry(Note: request.Note, To: request.To, Consent: request.Consent), grains, http)),
            action,
            summary);

    private static void MapHandOver(RouteGroupBuilder group, DossierAction action, string summary) =>
        Describe(
            group.MapPost($"/{ActionOffers.PathOf(action)}", (string code, HandOverRequest request, IGrainFactory grains, HttpContext http) =>
                ActAsync(code, action, new StepEntry(Note: request.Note, To: request.To), grains, http)),
            action,
            summary);

    private static void MapReason(RouteGroupBuilder group, DossierAction action, string summary) =>
        Describe(
            group.MapPost($"/{ActionOffers.PathOf(action)}", (string code, ReasonRequest request, IGrainFactory grains, HttpContext http) =>
                ActAsync(code, action, new StepEntry(Reason: request.Reason), grains, http)),
            action,
            summary);

    private static void Describe(RouteHandlerBuilder endpoint, DossierAction action, string summary) =>
        endpoint.WithName(action.ToString())
            .WithSummary($"{summary} ({string.Join(", ", Permissions.For(action))})")
            .Allow(Permissions.For(action))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<DossierView>, ValidationProblem>> ActAsync(
        string code, DossierAction action, StepEntry entry, IGrainFactory grains, HttpContext http)
    {
        if (InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        var command = StepInputs.Read(action, Access.User(http).Id, entry, errors) with
        {
            Audit = RequestFacts.Audit(http),
            IdempotencyKey = RequestFacts.IdempotencyKey(http, errors),
        };
        if (errors.Any)
        {
            return errors.Problem();
        }

        // A step retried after its silo died may have been applied before: then the dossier's history ends with it.
        var dossier = grains.GetGrain<IDossierGrain>(code);
        var startedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return TypedResults.Ok(await http.RequestServices.GetRequiredService<ClusterRetry>().RunAsync(
            () => dossier.ActAsync(command),
            async _ => (await dossier.GetHistoryAsync()) is [.., var last] && last.Kind == StepKind.Of(command.Action) && last.Actor == command.Actor && last.At >= startedAt
                ? await dossier.GetAsync()
                : null));
    }

    private static async Task<Results<Created<DossierView>, ValidationProblem>> CreateAsync(
        string officeCode, CreateDossierRequest request, ReferenceData reference, IGrainFactory grains, HttpContext http, bool asDraft)
    {
        var user = Access.User(http);
        var errors = new FieldErrors();
        var procedureCode = Codes.Text(Codes.ProcedureSubject, request.ProcedureCode, errors, "procedureCode");
        errors.Add("note", FieldRules.Text(FieldRules.Quoted(StepInputs.Note.Label), request.Note, StepInputs.MaxNote));
        var applicant = ApplicantForm.Read(request.Applicant, errors);
        // An unknown procedure is left to the rules, which refuse it (422) before a code is issued.
        var form = procedureCode is not null && reference.Procedures.TryGetValue(procedureCode, out var procedure)
            ? DeclarationForm.Read(procedure, request.Form, errors)
            : null;
        var key = RequestFacts.IdempotencyKey(http, errors);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var command = new OpenDossier
        {
            OfficeCode = officeCode,
            ProcedureCode = procedureCode!,
            Applicant = applicant!,
            Actor = user.Id,
            AsDraft = asDraft,
            Note = request.Note,
            Audit = RequestFacts.Audit(http),
            IdempotencyKey = key,
            Consent = request.Consent,
            Form = form,
        };

        // Rule checks that need no dossier run before a code is issued, so bad requests do not burn codes.
        DossierDecider.CheckOpen(command, reference.ContextFor(officeCode, command.ProcedureCode));
        // Retried while the silo of the office or of the new dossier cannot be reached. A code issued to an attempt
        // that failed is not reused (a gap in the day's numbers); a dossier found open under this request's code on a
        // retry is this request's own.
        var retry = http.RequestServices.GetRequiredService<ClusterRetry>();
        var code = await retry.RunAsync(() => grains.GetGrain<IOfficeGrain>(officeCode).IssueDossierCodeAsync(key));
        var dossier = grains.GetGrain<IDossierGrain>(code);
        var view = await retry.RunAsync(() => dossier.OpenAsync(command), _ => dossier.GetAsync());
        return TypedResults.Created($"/api/dossiers/{code}", view);
    }

    internal static ValidationProblem? InvalidCode(string code)
    {
        var errors = new FieldErrors();
        return Codes.Dossier(code, errors) ? null : errors.Problem();
    }
}
