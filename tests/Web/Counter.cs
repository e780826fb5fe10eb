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

    /// <summary>Forwards, submits, approves and returns <paramref name="code"/>.</summary>
    public async Task ReturnAsync(string code)
    {
        foreach (var step in new[] { "forward", "submit-for-signature", "approve", "return" })
        {
            await StepAsync(code, step);
        }
    }
}
