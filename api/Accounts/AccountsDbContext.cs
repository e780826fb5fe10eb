using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CaseEngine.Api.Accounts;

/// <summary>
/// Accounts (ASP.NET Core Identity's user store), their audit, the OAuth clients and tokens (OpenIddict) and the
/// data-protection keys that encrypt session cookies, so that every engine process reads the cookies of the others.
/// The schema is the project's own (<c>db/Migrations/0013_accounts.sql</c>, written from <see cref="RelationalDatabaseFacadeExtensions.GenerateCreateScript"/>
/// of this model and checked against it by a test); the engine never runs EF migrations.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityUserContext<StaffAccount>(options), IDataProtectionKeyContext
{
    /// <summary>Audited account events.</summary>
    public DbSet<AccountAuditEntry> Audit => Set<AccountAuditEntry>();

    /// <inheritdoc/>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<StaffAccount>(account =>
        {
            account.ToTable("staff_accounts");
            account.Property(a => a.FullName).HasMaxLength(200);
            account.Property(a => a.Role).HasConversion<string>().HasMaxLength(32);
            account.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.OfficeCode).HasMaxLength(32);
            account.HasIndex(a => new { a.OfficeCode, a.Role });
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("staff_account_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("staff_account_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("staff_account_tokens");
        builder.Entity<AccountAuditEntry>(audit =>
        {
            audit.ToTable("account_audit");
            audit.Property(a => a.Actor).HasMaxLength(256);
            audit.Property(a => a.Action).HasMaxLength(32);
            audit.Property(a => a.Subject).HasMaxLength(256);
            audit.HasIndex(a => a.At);
            audit.HasIndex(a => a.Subject);
        });
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        builder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().ToTable("oauth_applications");
        builder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oauth_authorizations");
        builder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope>().ToTable("oauth_scopes");
        builder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().ToTable("oauth_tokens");

        // The rest of the database is snake case; so are these tables' columns, keys and indexes.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{string.Join('_', key.Properties.Select(p => SnakeCase(p.Name)))}");
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{table}_{string.Join('_', foreignKey.Properties.Select(p => SnakeCase(p.Name)))}");
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName($"ix_{table}_{string.Join('_', index.Properties.Select(p => SnakeCase(p.Name)))}");
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
