using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Web;

/// <summary>The counter's side of the web tests, over real HTTP: receiving dossiers and taking their steps.</summary>
public sealed class Counter(HttpClient staff)
{
    /// <summary>The applicant's phone; citizens give its last 4 digits, 5678.</summary>
    public const string Phone = "0912345678";

    /// <summary>Names and numbers that must never reach a public page.</summary>
    public static readonly string[] PersonalData = ["Hoàng Văn Minh", Phone, "001080000222", "Ninh Hiệp", "cb.tiepnhan", "cv.chuyenmon", "ld.ubnd"];

    /// <summary>Receives a fast-track dossier at the district counter; returns its code.</summary>
    public async Task<string> ReceiveAsync(string office = TestReferenceData.District, bool fastTrack = true)
    {
        var level = office == TestReferenceData.District ? OfficeLevel.District : OfficeLevel.Commune;
        var procedure = fastTrack ? TestReferenceData.FastTrackProcedure(level) : TestReferenceData.StandardDaysProcedure(level);
        using var response = await staff.PostAsJsonAsync($"/api/offices/{office}/dossiers", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Hoàng Văn Minh", phone = Phone, citizenId = "001080000222", address = "Thôn Ninh Hiệp, Gia Lâm" },
            consent = "Signature",
            form = SampleForm.For(procedure),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>Enters a volunteer's draft at <paramref name="office"/>, the citizen's consent not yet taken; returns its code.</summary>
    public async Task<string> DraftAsync(string office = TestReferenceData.District)
    {
        var level = office == TestReferenceData.District ? OfficeLevel.District : OfficeLevel.Commune;
        var procedure = TestReferenceData.FastTrackProcedure(level);
        using var response = await staff.PostAsJsonAsync($"/api/offices/{office}/dossiers/drafts", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Hoàng Văn Minh", phone = Phone, citizenId = "001080000222", address = "Thôn Ninh Hiệp, Gia Lâm" },
            form = SampleForm.For(procedure),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>Takes one step of <paramref name="code"/>, as the user whose step it is.</summary>
    public async Task StepAsync(string code, string step)
    {
        object body = step switch
        {
            "forward" => new { to = "cv.chuyenmon" },
            "submit-for-signature" => new { to = "ld.ubnd" },
            "request-supplement" or "require-payment" or "withdraw" or "stop" or "refuse" => new { reason = "Thiếu bản sao giấy tờ" },
            _ => new { },
        };
        using var response = await staff.PostAsJsonAsync($"/api/dossiers/{code}/{step}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step} of {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// A fresh fast-track dossier of the district brought to <paramref name="point"/> of its life: "draft" (a
    /// volunteer's, without the citizen's consent yet), "received", "in processing", "awaiting signature",
    /// "supplement", "payment" or "ready"; returns its code.
    /// </summary>
    public async Task<string> AtAsync(string point)
    {
        if (point == "draft")
        {
            return await DraftAsync();
        }

        var code = await ReceiveAsync();
        var steps = point switch
        {
            "received" => [],
            "in processing" => ["forward"],
            "awaiting signature" => ["forward", "submit-for-signature"],
            "supplement" => ["request-supplement"],
            "payment" => ["forward", "require-payment"],
            "ready" => new[] { "forward", "submit-for-signature", "approve" },
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, "Not a point of a dossier's life."),
        };
        foreach (var step in steps)
        {
            await StepAsync(code, step);
        }

        return code;
    }

    /// <summary>Forwards, submits, approves and returns <paramref name="code"/>.</summary>
    public async Task ReturnAsync(string code)
    {
        foreach (var step in new[] { "forward", "submit-for-signature", "approve", "return" })
        {
            await StepAsync(code, step);
        }
    }
}
