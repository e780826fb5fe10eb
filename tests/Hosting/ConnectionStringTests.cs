using CaseEngine.Silo;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CaseEngine.Tests.Hosting;

public sealed class ConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Effective(string connectionString) =>
        new(SiloHosting.ConnectionString(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CaseEngine"] = connectionString })
            .Build()));

    [Fact]
    public void ConnectionString_ByDefault_NoResetOnCloseAndAutoPrepare()
    {
        var effective = Effective("Host=127.0.0.1;Database=caseengine;Username=caseengine");
        Assert.True(effective.NoResetOnClose);
        Assert.Equal(SiloHosting.AutoPreparedStatements, effective.MaxAutoPrepare);
        Assert.Equal("caseengine", effective.Database);
    }

    [Fact]
    public void ConnectionString_WithOwnMaxAutoPrepare_KeepsIt()
    {
        Assert.Equal(100, Effective("Host=127.0.0.1;Max Auto Prepare=100").MaxAutoPrepare);
    }

    [Fact]
    public void ConnectionString_Invalid_IsAStartupError()
    {
        Assert.Throws<EngineStartupException>(() => Effective("Host=127.0.0.1;Max Auto Prepare=many"));
    }
}
