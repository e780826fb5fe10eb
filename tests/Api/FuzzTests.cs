using System.Net;
using System.Text;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Thousands of malformed, oversized and hostile requests, signed and not: every one is refused with a 4xx, none
/// answers 5xx, and no stored dossier changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(ApiFactory factory)
{
    private static readonly string[] Hostile =
    [
        "' OR 1=1 --", "'; DROP TABLE OrleansStorage; --", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "../../etc/passwd", "%00", "\u0000", "\uFFFF", "𝕏𝕏𝕏", "{{7*7}}", "${jndi:ldap://x}", "Robert'); DELETE FROM dossier_index;--",
        new string('A', 70_000), new string('ệ', 5_000), "\r\nX-Injected: 1", "NaN", "-1", "1e309", "null", "[]", "{}",
    ];

    private static readonly string[] Paths =
    [
        "/api/offices/{office}/dossiers", "/api/offices/{office}/dossiers/drafts", "/api/dossiers/{code}/receive",
        "/api/dossiers/{code}/forward", "/api/dossiers/{code}/submit-for-signature", "/api/dossiers/{code}/approve",
        "/api/dossiers/{code}/return", "/api/dossiers/{code}/refuse", "/api/dossiers/{code}/request-supplement",
        "/api/dossiers/{code}/apology", "/api/dossiers/{code}/stop", "/api/public/dossiers/{code}/rating",
    ];

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Short(Random random, int max)
    {
        var text = Pick(random, Hostile);
        return text[..Math.Min(max, text.Length)];
    }

    // The in-memory test server cannot carry a NUL in a path (a real server answers 400 to it).
    private static string PathSegment(Random random) => Uri.EscapeDataString(Short(random, 200).Replace("\u0000", "", StringComparison.Ordinal)).Replace("%2500", "%25", StringComparison.Ordinal);

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // Every body is invalid somewhere: a text field over its limit rides along with whatever else is tried.
    private static readonly string TooLong = JsonString(new string('r', 3000));

    private static string Body(Random random) => random.Next(9) switch
    {
        0 => "{not json",
        1 => "",
        2 => $"{{\"procedureCode\": {random.Next()}, \"applicant\": \"{random.Next()}\"}}",
        3 => $"{{\"procedureCode\": {JsonString(Pick(random, Hostile))}, \"applicant\": {{\"fullName\": {JsonString(Pick(random, Hostile))}, \"phone\": {JsonString(Pick(random, Hostile))}, \"citizenId\": \"001085012345\", \"address\": \"x\"}}, \"consent\": \"Signature\", \"note\": {TooLong}}}",
        4 => $"{{\"to\": {JsonString(Pick(random, Hostile))}, \"note\": {TooLong}, \"reason\": {TooLong}, \"comment\": {TooLong}, \"phone4\": \"0000\"}}",
        5 => string.Concat(Enumerable.Repeat("[", 5000)),
        6 => $"{{\"newAppointment\": {JsonString(Pick(random, Hostile))}, \"reason\": {TooLong}, \"note\": {TooLong}}}",
        7 => $"{{\"phone4\": {JsonString(Pick(random, Hostile))}, \"satisfaction\": \"Ecstatic\", \"note\": {TooLong}}}",
        _ => $"{{\"consent\": {JsonString(Pick(random, Hostile))}, \"to\": 12, \"note\": {TooLong}}}",
    };


    private async Task<string> SnapshotAsync()
    {
        var index = factory.Services.GetRequiredService<IDossierIndex>();
        var now = factory.Time.GetUtcNow();
        var lines = new List<string>();
        foreach (var office in TestReferenceData.Shipped.Offices.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var d in await index.ListAsync(office, new DossierFilter(Limit: DossierFilter.MaxLimit), now))
            {
                lines.Add($"{d.Code} {d.Status} {d.Version}");
            }
        }

        return string.Join('\n', lines);
    }

    [Fact]
    public async Task ThousandsOfBadRequests_AreAll4xx_AndChangeNothing()
    {
        // Something to aim at: a dossier that hostile steps must not move.
        var acting = factory.CreateActingClient();
        using (var created = await acting.PostAsync($"/api/offices/{TestReferenceData.District}/dossiers", new StringContent(
            $"{{\"procedureCode\":\"{TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code}\",\"applicant\":{{\"fullName\":\"Trịnh Văn Sơn\",\"phone\":\"0911222333\",\"citizenId\":\"001077000333\",\"address\":\"Gia Lâm\"}},\"consent\":\"Signature\",\"form\":{System.Text.Json.JsonSerializer.Serialize(SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)))}}}",
            Encoding.UTF8,
            "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var code = (await SnapshotAsync()).Split('\n', ' ')[0];
        var before = await SnapshotAsync();
        var anonymous = factory.CreateClient();
        var random = new Random(2022);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 2000; i++)
        {
            var path = Pick(random, Paths)
                .Replace("{office}", random.Next(4) == 0 ? PathSegment(random) : TestReferenceData.District, StringComparison.Ordinal)
                .Replace("{code}", random.Next(3) == 0 ? PathSegment(random) : code, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(random.Next(10) == 0 ? HttpMethod.Put : HttpMethod.Post, path)
            {
                Content = new StringContent(Body(random), Encoding.UTF8, random.Next(8) == 0 ? "text/plain" : "application/json"),
            };
            if (random.Next(4) == 0)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Short(random, 300));
            }

            using var response = await (random.Next(5) == 0 ? anonymous : acting).SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is >= 400 and < 500, $"#{i} {request.Method} {path}: {status} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.True(statuses.Count >= 4, string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
    }
}
