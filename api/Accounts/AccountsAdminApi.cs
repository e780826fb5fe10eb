using CaseEngine.Api.Security;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace CaseEngine.Api.Accounts;

/// <summary>An account as administrators see it.</summary>
/// <param name="Id">Account id (for a client, its client id).</param>
/// <param name="FullName">Full name (for a client, what it is).</param>
/// <param name="Role">Role.</param>
/// <param name="RoleName">The role in Vietnamese.</param>
/// <param name="OfficeCode">Office.</param>
/// <param name="DistrictWide">Whether it reaches every office.</param>
/// <param name="Active">Whether it may sign in or take tokens.</param>
/// <param name="Kind">A person or a machine client.</param>
/// <param name="LockedOutUntil">Until when it is locked after wrong passwords, if it is.</param>
/// <param name="TwoFactor">Whether sign-in asks for an authenticator code.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record AccountView(
    string Id, string FullName, Role Role, string RoleName, string OfficeCode, bool DistrictWide, bool Active, AccountKind Kind,
    DateTimeOffset? LockedOutUntil, bool TwoFactor, DateTimeOffset CreatedAt)
{
    /// <summary>The view of <paramref name="account"/> at <paramref name="now"/>.</summary>
    public static AccountView Of(StaffAccount account, DateTimeOffset now) => new(
        account.Id, account.FullName, account.Role, account.Role.VietnameseName(), account.OfficeCode, account.DistrictWide, account.Active,
        account.Kind, account.LockoutEnd > now ? account.LockoutEnd : null, account.TwoFactorEnabled, account.CreatedAt);
}

/// <summary>A new account, or the new facts of one.</summary>
/// <param name="Id">Account id: lower-case letters without marks, digits, <c>.</c>, <c>_</c>, <c>-</c> (ignored on a change).</param>
/// <param name="FullName">Full name.</param>
/// <param name="Role">Role.</param>
/// <param name="OfficeCode">Office, a code of the reference data in force.</param>
/// <param name="DistrictWide">Whether it reaches every office (only for accounts of the district's own office).</param>
/// <param name="Password">A password for a new person; one is generated and shown once when left out.</param>
public sealed record AccountRequest(string? Id, string? FullName, Role? Role, string? OfficeCode, bool DistrictWide = false, string? Password = null);

/// <summary>A password to set; one is generated and shown once when left out.</summary>
/// <param name="Password">The new password.</param>
public sealed record PasswordRequest(string? Password);

/// <summary>An account just created or whose password was just set, with the secret shown this once.</summary>
/// <param name="Account">The account.</param>
/// <param name="Password">For a person: the password when it was generated.</param>
/// <param name="ClientSecret">For a client: its secret, to give the client's operator; never shown again.</param>
public sealed record AccountSecretView(AccountView Account, string? Password, string? ClientSecret);

/// <summary>One audited account event.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What (SignedIn, SignInFailed, SignedOut, Created, PasswordReset, Disabled, Enabled, Changed, …).</param>
/// <param name="Subject">The account concerned.</param>
/// <param name="Details">What changed, in Vietnamese.</param>
/// <param name="Address">The client's address.</param>
public sealed record AccountAuditView(DateTimeOffset At, string Actor, string Action, string Subject, string? Details, string? Address);

/// <summary>
/// The district administrators' administration of accounts: people and machine clients, their passwords, disabling
/// and enabling, role and office; every change audited, and the audit listed.
/// </summary>
public static class AccountsAdminApi
{
    /// <summary>Maps <c>/api/admin/users</c>, <c>/api/admin/clients</c> and <c>/api/admin/account-audit</c>.</summary>
    public static IEndpointRouteBuilder MapAccountsAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").WithTags("Accounts").Allow(Role.Administrator).DistrictOnly("quản lý tài khoản")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/users", ListAsync).WithName("ListAccounts").WithSummary("Every account, people and clients");
        api.MapPost("/users", CreateAsync).WithName("CreateAccount").WithSummary("Create a person's account (a password is generated when none is given)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/users/{id}", ChangeAsync).WithName("ChangeAccount").WithSummary("Change an account's full name, role, office or district scope")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/users/{id}/password", ResetPasswordAsync).WithName("ResetPassword").WithSummary("Set a person's password anew and unlock it")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/users/{id}/disable", (string id, HttpContext http, [AsParameters] AccountServices services) => SetActiveAsync(id, false, http, services))
            .WithName("DisableAccount").WithSummary("Disable an account: its sessions and tokens stop within a minute")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/users/{id}/enable", (string id, HttpContext http, [AsParameters] AccountServices services) => SetActiveAsync(id, true, http, services))
            .WithName("EnableAccount").WithSummary("Enable an account again").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/clients", RegisterClientAsync).WithName("RegisterClient")
            .WithSummary("Register a machine client (client credentials): its secret is shown once")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/account-audit", ListAuditAsync).WithName("ListAccountAudit")
            .WithSummary("The account audit, newest first: sign-ins, failures, sign-outs and administrators' changes");
        return app;
    }

    /// <summary>Every account, by office then id.</summary>
    public static async Task<Ok<IReadOnlyList<AccountView>>> ListAsync([AsParameters] AccountServices services)
    {
        var now = services.Time.GetUtcNow();
        var accounts = await services.Users.Users.AsNoTracking().OrderBy(a => a.OfficeCode).ThenBy(a => a.Id).ToListAsync();
        return TypedResults.Ok<IReadOnlyList<AccountView>>([.. accounts.Select(a => AccountView.Of(a, now))]);
    }

    /// <summary>A new person's account.</summary>
    public static async Task<Results<Created<AccountSecretView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        AccountRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        var errors = Check(request, services.Reference, isNew: true, client: false);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var generated = request.Password is null ? AccountRules.NewPassword() : null;
        var result = await AccountFactory.CreateAsync(services.Users, Account(request, AccountKind.Person, services.Time), request.Password ?? generated!);
        if (PasswordRefused(result) is { } refused)
        {
            return refused;
        }

        if (Failed(result) is { } failed)
        {
            return failed;
        }

        var account = (await services.Users.FindByIdAsync(request.Id!))!;
        await services.Audit.WriteAsync(Access.User(http).Id, AccountEvents.Created, account.Id, Describe(account), http);
        return TypedResults.Created($"/api/admin/users/{account.Id}", new AccountSecretView(AccountView.Of(account, services.Time.GetUtcNow()), generated, null));
    }

    /// <summary>New facts of an account; a change of role, office or scope ends its sessions and tokens.</summary>
    public static async Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string id, AccountRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        if (await services.Users.FindByIdAsync(id) is not { } account)
        {
            return NotFound(id);
        }

        var errors = Check(request, services.Reference, isNew: false, client: account.Kind == AccountKind.Client);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var before = Describe(account);
        var reach = (account.Role, account.OfficeCode, account.DistrictWide);
        account.FullName = request.FullName!.Trim();
        account.Role = request.Role!.Value;
        account.OfficeCode = request.OfficeCode!;
        account.DistrictWide = request.DistrictWide;
        if (reach != (account.Role, account.OfficeCode, account.DistrictWide))
        {
            // What it may do changed: its sessions and tokens, which carry the old role and office, end.
            account.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        if (Failed(await services.Users.UpdateAsync(account)) is { } failed)
        {
            return failed;
        }

        services.States.Forget(id);
        await services.Audit.WriteAsync(Access.User(http).Id, AccountEvents.Changed, id, $"Trước: {before}. Sau: {Describe(account)}.", http);
        return TypedResults.Ok(AccountView.Of(account, services.Time.GetUtcNow()));
    }

    /// <summary>A person's password set anew (and the account unlocked); its sessions end.</summary>
    public static async Task<Results<Ok<AccountSecretView>, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        string id, PasswordRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        if (await services.Users.FindByIdAsync(id) is not { Kind: AccountKind.Person } account)
        {
            return NotFound(id);
        }

        var generated = request.Password is null ? AccountRules.NewPassword() : null;
        var result = await AccountFactory.SetPasswordAsync(services.Users, account, request.Password ?? generated!);
        if (PasswordRefused(result) is { } refused)
        {
            return refused;
        }

        if (Failed(result) is { } failed)
        {
            return failed;
        }

        await services.Users.SetLockoutEndDateAsync(account, null);
        await services.Users.ResetAccessFailedCountAsync(account);
        services.States.Forget(id);
        await services.Audit.WriteAsync(Access.User(http).Id, AccountEvents.PasswordReset, id, generated is null ? "Mật khẩu do quản trị viên đặt." : "Mật khẩu tạo ngẫu nhiên.", http);
        return TypedResults.Ok(new AccountSecretView(AccountView.Of(account, services.Time.GetUtcNow()), generated, null));
    }

    /// <summary>Disables or enables an account; a disabled one's sessions and tokens stop within a minute.</summary>
    public static async Task<Results<Ok<AccountView>, ProblemHttpResult>> SetActiveAsync(string id, bool active, HttpContext http, [AsParameters] AccountServices services)
    {
        if (await services.Users.FindByIdAsync(id) is not { } account)
        {
            return NotFound(id);
        }

        var actor = Access.User(http).Id;
        if (!active && id == actor)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: ProblemTitles.RuleViolation,
                detail: "Không thể tự vô hiệu hóa tài khoản của mình; hãy nhờ một quản trị viên cấp huyện khác.");
        }

        if (account.Active != active)
        {
            account.Active = active;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            if (Failed(await services.Users.UpdateAsync(account)) is { } failed)
            {
                return failed;
            }

            services.States.Forget(id);
            await services.Audit.WriteAsync(actor, active ? AccountEvents.Enabled : AccountEvents.Disabled, id, null, http);
        }

        return TypedResults.Ok(AccountView.Of(account, services.Time.GetUtcNow()));
    }

    /// <summary>A machine client: an account that takes tokens with its client id and secret, shown once.</summary>
    public static async Task<Results<Created<AccountSecretView>, ValidationProblem, ProblemHttpResult>> RegisterClientAsync(
        AccountRequest request, HttpContext http, [AsParameters] AccountServices services)
    {
        if (http.RequestServices.GetService<IOpenIddictApplicationManager>() is not { } applications)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: ProblemTitles.RuleViolation,
                detail: "Máy chủ cấp thẻ chỉ chạy khi có khóa ký cục bộ (CaseEngine:Auth:SigningKey); với nhà cung cấp định danh riêng, hãy đăng ký ứng dụng ở đó.");
        }

        var errors = Check(request, services.Reference, isNew: true, client: true);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var account = Account(request, AccountKind.Client, services.Time);
        if (Failed(await AccountFactory.CreateAsync(services.Users, account, password: null)) is { } failed)
        {
            return failed;
        }

        var secret = AccountRules.NewSecret();
        await applications.CreateAsync(AccountFactory.ClientApplication(account, secret));
        await services.Audit.WriteAsync(Access.User(http).Id, AccountEvents.Created, account.Id, $"Ứng dụng (client credentials): {Describe(account)}", http);
        return TypedResults.Created($"/api/admin/users/{account.Id}", new AccountSecretView(AccountView.Of(account, services.Time.GetUtcNow()), null, secret));
    }

    /// <summary>The audit, newest first, of one account or all; <c>limit</c> rows at most (100, at most 1,000).</summary>
    public static async Task<Ok<IReadOnlyList<AccountAuditView>>> ListAuditAsync(string? subject, int? limit, AccountsDbContext db)
    {
        var rows = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subject))
        {
            rows = rows.Where(r => r.Subject == subject);
        }

        var list = await rows.OrderByDescending(r => r.Id).Take(Math.Clamp(limit ?? 100, 1, 1000))
            .Select(r => new AccountAuditView(r.At, r.Actor, r.Action, r.Subject, r.Details, r.Address)).ToListAsync();
        return TypedResults.Ok<IReadOnlyList<AccountAuditView>>(list);
    }

    /// <summary>The field errors of <paramref name="request"/> against the reference data in force.</summary>
    public static FieldErrors Check(AccountRequest request, ReferenceData reference, bool isNew, bool client)
    {
        var errors = new FieldErrors();
        if (isNew)
        {
            if (string.IsNullOrWhiteSpace(request.Id))
            {
                errors.Add("id", "Tên tài khoản là bắt buộc.");
            }
            else if (request.Id.Length > AccountRules.MaxIdLength || !request.Id.All(AccountRules.UserNameCharacters.Contains) || !char.IsAsciiLetterOrDigit(request.Id[0]))
            {
                errors.Add("id", $"Tên tài khoản «{request.Id}» phải bắt đầu bằng chữ hoặc số và chỉ gồm chữ thường không dấu, chữ số và các dấu . _ - (tối đa {AccountRules.MaxIdLength} ký tự), như cb.tiepnhan.");
            }
        }

        if (string.IsNullOrWhiteSpace(request.FullName))
        {
            errors.Add("fullName", client ? "Tên ứng dụng là bắt buộc." : "Họ và tên là bắt buộc.");
        }
        else if (request.FullName.Length > AccountRules.MaxNameLength)
        {
            errors.Add("fullName", $"Họ và tên dài tối đa {AccountRules.MaxNameLength} ký tự.");
        }

        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            errors.Add("role", $"Vai trò là bắt buộc, một trong: {string.Join(", ", Enum.GetNames<Role>())}.");
        }
        else if (role == Role.PortalClient && !client)
        {
            errors.Add("role", "Vai trò PortalClient dành cho ứng dụng của cổng dịch vụ công: đăng ký ở /api/admin/clients.");
        }

        if (string.IsNullOrWhiteSpace(request.OfficeCode))
        {
            errors.Add("officeCode", "Cơ quan là bắt buộc.");
        }
        else if (!reference.Offices.TryGetValue(request.OfficeCode, out var office))
        {
            errors.Add("officeCode", $"Không có cơ quan mã {request.OfficeCode} trong danh mục đang áp dụng.");
        }
        else if (request.DistrictWide && office.Level != OfficeLevel.District)
        {
            errors.Add("districtWide", $"Chỉ tài khoản của cơ quan cấp huyện mới làm việc được với mọi cơ quan; {office.Name} là cơ quan cấp xã.");
        }

        return errors;
    }

    private static StaffAccount Account(AccountRequest request, AccountKind kind, TimeProvider time) =>
        StaffAccount.New(request.Id!, request.FullName!, request.Role!.Value, request.OfficeCode!, request.DistrictWide, kind, time.GetUtcNow());

    private static string Describe(StaffAccount account) =>
        $"{account.FullName}, {account.Role.VietnameseName()}, cơ quan {account.OfficeCode}{(account.DistrictWide ? ", toàn huyện" : "")}";

    // Password rules are the request's field errors (400, at "password").
    private static ValidationProblem? PasswordRefused(IdentityResult result) =>
        result.Errors.Any() && result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
            ? result.Errors.Aggregate(new FieldErrors(), (errors, error) => errors.Add("password", error.Description)).Problem()
            : null;

    // A duplicate id is a 409.
    private static ProblemHttpResult? Failed(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return null;
        }

        var duplicate = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        return TypedResults.Problem(
            statusCode: duplicate ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
            title: duplicate ? "Tài khoản đã có" : ProblemTitles.BadRequest,
            detail: string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Không có tài khoản {id}.");
}

/// <summary>The services of the accounts' administration.</summary>
/// <param name="Users">Identity's user manager.</param>
/// <param name="Audit">The audit.</param>
/// <param name="States">What this process remembers of accounts.</param>
/// <param name="Reference">The reference data in force.</param>
/// <param name="Time">The engine's clock.</param>
public sealed record AccountServices(UserManager<StaffAccount> Users, AccountAudit Audit, AccountStates States, ReferenceData Reference, TimeProvider Time);

/// <summary>Creates accounts and sets passwords: for the administration API and the first-administrator command.</summary>
public static class AccountFactory
{
    /// <summary>
    /// Creates <paramref name="account"/>, with <paramref name="password"/> for a person (which must meet the rules). An
    /// account's id is its user name, so Identity's own check of a duplicate name would take the existing one for itself.
    /// </summary>
    public static async Task<IdentityResult> CreateAsync(UserManager<StaffAccount> users, StaffAccount account, string? password)
    {
        if (await users.FindByIdAsync(account.Id) is not null)
        {
            return IdentityResult.Failed(users.ErrorDescriber.DuplicateUserName(account.Id));
        }

        // Checked first so that a refused password leaves no account behind.
        if (password is not null && await CheckPasswordAsync(users, account, password) is { Succeeded: false } refused)
        {
            return refused;
        }

        return password is null ? await users.CreateAsync(account) : await users.CreateAsync(account, password);
    }

    /// <summary>The token server's registration of the machine client <paramref name="account"/>: client credentials only.</summary>
    public static OpenIddictApplicationDescriptor ClientApplication(StaffAccount account, string secret) => new()
    {
        ClientId = account.Id,
        ClientSecret = secret,
        ClientType = OpenIddictConstants.ClientTypes.Confidential,
        DisplayName = account.FullName,
        Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.ClientCredentials },
    };

    /// <summary>Sets a person's password anew; their sessions end (a new security stamp).</summary>
    public static async Task<IdentityResult> SetPasswordAsync(UserManager<StaffAccount> users, StaffAccount account, string password)
    {
        if (await CheckPasswordAsync(users, account, password) is { Succeeded: false } refused)
        {
            return refused;
        }

        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        return await users.UpdateSecurityStampAsync(account);
    }

    private static async Task<IdentityResult> CheckPasswordAsync(UserManager<StaffAccount> users, StaffAccount account, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, account, password)).Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
