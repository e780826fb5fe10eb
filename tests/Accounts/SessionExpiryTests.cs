using System.Net;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Accounts;

/// <summary>A session ends unused after its idle time, and after its absolute time however busy (on the engine's clock).</summary>
public sealed class SessionExpiryTests
{
    [Fact]
    public async Task ASessionUnusedForMoreThanHalfAnHour_HasEnded()
    {
        await using var engine = new ApiFactory();
        await StaffAccounts.CreatePersonAsync(engine, "cb.nghitrua", Role.CounterOfficer, TestReferenceData.District);
        var browser = engine.Browser();
        await browser.SignInAsync("cb.nghitrua");

        engine.Time.Advance(TimeSpan.FromMinutes(29));
        using var stillOpen = await browser.GetAsync("/api/session");
        engine.Time.Advance(TimeSpan.FromMinutes(31));
        using var ended = await browser.GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
    }

    [Fact]
    public async Task ABusySession_EndsTenHoursAfterItsSignIn()
    {
        await using var engine = new ApiFactory();
        await StaffAccounts.CreatePersonAsync(engine, "cb.cangay", Role.CounterOfficer, TestReferenceData.District);
        var browser = engine.Browser();
        await browser.SignInAsync("cb.cangay");

        // A request every 20 minutes keeps it from going idle.
        for (var minutes = 20; minutes < 10 * 60; minutes += 20)
        {
            engine.Time.Advance(TimeSpan.FromMinutes(20));
            using var busy = await browser.GetAsync("/api/session");
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"after {minutes} minutes: {busy.StatusCode}");
        }

        engine.Time.Advance(TimeSpan.FromMinutes(20));
        using var ended = await browser.GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
    }
}
