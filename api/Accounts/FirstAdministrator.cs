using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.Silo;
using CaseEngine.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseEngine.Api.Accounts;

/// <summary>
/// The <c>admin</c> command, run once when a deployment starts: <c>admin --user ID --name "Full Name" [--office CODE]</c>
/// creates the first district administrator (of the district's own office unless told otherwise), only while no
/// administrator exists. The password is read from standard input (one line); when it is empty, one is generated and
/// printed once. There is no default password.
/// </summary>
public static class FirstAdministrator
{
    /// <summary>Who the audit names as the actor of the command.</summary>
    public const string Actor = "run.sh admin";

    /// <summary>Runs the command; returns the process exit code (0 created, 1 refused or failed, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextReader input, TextWriter output, TextWriter error)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (Option("--user") is not { Length: > 0 } id || Option("--name") is not { Length: > 0 } name)
        {
            await error.WriteLineAsync("usage: admin --user ID --name \"Full Name\" [--office CODE]   (the password is read from standard input; empty: one is generated)");
            return 2;
        }

        try
        {
            var options = new CaseEngineOptionsValidator().Read(configuration);
            if (options.Storage == StorageMode.Memory)
            {
                await error.WriteLineAsync("CaseEngine cannot create an administrator: memory mode keeps no accounts.");
                return 1;
            }

            var connectionString = SiloHosting.ConnectionString(configuration);
            await PostgreSqlDatabase.PrepareAsync(connectionString, migrate: true);
            var now = DateTimeOffset.UtcNow;
            var catalog = await ReferenceCatalog.OpenAsync(
                new PostgreSqlReferenceStore(connectionString),
                ReferenceDataFolder.Files(options.ReferenceDataPath),
                $"Nạp từ thư mục dữ liệu danh mục {Path.GetFullPath(options.ReferenceDataPath)} khi tạo quản trị viên đầu tiên",
                now);
            var offices = catalog.InForce(now).Data.Offices.Values;
            var office = Option("--office") is { } code ? offices.FirstOrDefault(o => o.Code == code) : offices.FirstOrDefault(o => o.Level == OfficeLevel.District);
            if (office is not { Level: OfficeLevel.District })
            {
                await error.WriteLineAsync($"CaseEngine cannot create an administrator: a district administrator belongs to the district's office; '{Option("--office")}' is not one (known: {string.Join(", ", offices.Where(o => o.Level == OfficeLevel.District).Select(o => o.Code))}).");
                return 1;
            }

            var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
            services.AddAccountStore(new AccountSettingsValidator().Read(configuration), connectionString);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
            if (await users.Users.Where(a => a.Role == Role.Administrator).Select(a => a.Id).FirstOrDefaultAsync() is { } existing)
            {
                await error.WriteLineAsync($"CaseEngine will not create an administrator: one exists already ({existing}). Administrators create the other accounts through /api/admin/users.");
                return 1;
            }

            var typed = await input.ReadLineAsync();
            var generated = string.IsNullOrEmpty(typed) ? AccountRules.NewPassword() : null;
            var account = StaffAccount.New(id, name, Role.Administrator, office.Code, districtWide: true, AccountKind.Person, now);
            var errors = AccountsAdminApi.Check(new AccountRequest(id, name, Role.Administrator, office.Code, DistrictWide: true), catalog.InForce(now).Data, isNew: true, client: false);
            var result = errors.Any ? null : await AccountFactory.CreateAsync(users, account, typed is { Length: > 0 } ? typed : generated!);
            if (errors.Any || result is { Succeeded: false })
            {
                var why = errors.Any ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : string.Join(" ", result!.Errors.Select(e => e.Description));
                await error.WriteLineAsync($"CaseEngine cannot create the administrator: {why}");
                return 1;
            }

            await scope.ServiceProvider.GetRequiredService<AccountAudit>().WriteAsync(Actor, AccountEvents.Created, id,
                $"{name}, quản trị viên cấp huyện, cơ quan {office.Code}, toàn huyện (quản trị viên đầu tiên).", http: null);
            await output.WriteLineAsync($"Created the district administrator {id} ({name}) of office {office.Code}.");
            if (generated is not null)
            {
                await output.WriteLineAsync($"Password (shown once; sign in and keep it safe): {generated}");
            }

            return 0;
        }
        catch (Exception e) when (e is EngineStartupException or ReferenceDataException or Npgsql.NpgsqlException or DbUpdateException)
        {
            await error.WriteLineAsync($"CaseEngine cannot create an administrator: {e.Message}");
            return 1;
        }
    }
}
