using CaseEngine.Api.Accounts;
using CaseEngine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseEngine.Tests.Accounts;

/// <summary>The accounts' migration is the DDL of the EF model, so that the store reads and writes the tables it expects.</summary>
public sealed class AccountsSchemaTests
{
    public const string Migration = "0013_accounts.sql";

    /// <summary>The DDL EF Core would create for the accounts' model on PostgreSQL.</summary>
    public static string ModelScript()
    {
        using var context = new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>()
            .UseNpgsql("Host=unused").UseOpenIddict().Options);
        return context.Database.GenerateCreateScript();
    }

    [Fact]
    public void TheMigration_IsTheModelsDdl()
    {
        var file = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "db", "Migrations", Migration));
        var script = ModelScript();

        // The file starts with comments saying what it is; the rest is the generated DDL as it was generated.
        var ddl = string.Join('\n', file.ReplaceLineEndings("\n").Split('\n').SkipWhile(l => l.StartsWith("--", StringComparison.Ordinal)));
        if (Normalise(ddl) != Normalise(script))
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "accounts-model.sql"), script);
        }

        Assert.Equal(Normalise(script), Normalise(ddl));
    }

    private static string Normalise(string sql) => string.Join('\n', sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
}
