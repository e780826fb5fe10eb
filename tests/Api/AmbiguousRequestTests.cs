using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;
using CaseEngine.Tests.Web;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Requests that mean two things are refused with a 400 problem: a JSON body that names a property twice, and a
/// message framed both by Transfer-Encoding and by Content-Length (RFC 9112 §6.3), which a proxy may read otherwise.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AmbiguousRequestTests(ApiFactory factory)
{
    [Fact]
    public async Task Create_WithADuplicateKey_Returns400AndReceivesNothing()
    {
        using var officer = factory.CreateClient();
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.CounterOfficer, TestReferenceData.District));
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        var form = JsonSerializer.Serialize(SampleForm.For(procedure));
        var before = await CountAsync(officer);

        // The applicant's name twice: which one would the dossier keep?
        var body = $$"""
            {"procedureCode":"{{procedure.Code}}","consent":"Signature","form":{{form}},
             "applicant":{"fullName":"Nguyễn Văn An","citizenId":"001085012345","phone":"0912345678","address":"Trâu Quỳ","fullName":"Lê Thị Bình"} }
            """;
        using var response = await officer.PostAsync(
            new Uri($"/api/offices/{TestReferenceData.District}/dossiers", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            "Trường applicant.fullName được ghi hơn một lần; mỗi trường chỉ được ghi một lần.",
            errors.GetProperty("applicant.fullName")[0].GetString());
        Assert.Equal(before, await CountAsync(officer));
    }

    [Fact]
    public async Task FormField_NamedTwice_Returns400()
    {
        using var officer = factory.CreateClient();
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.CounterOfficer, TestReferenceData.District));
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        var field = procedure.Form[0].Name;
        var body = $$"""
            {"procedureCode":"{{procedure.Code}}","consent":"Signature","form":{"{{field}}":"a","{{field}}":"b"},
             "applicant":{"fullName":"Nguyễn Văn An","citizenId":"001085012345","phone":"0912345678","address":"Trâu Quỳ"} }
            """;
        using var response = await officer.PostAsync(
            new Uri($"/api/offices/{TestReferenceData.District}/dossiers", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal($"Trường form.{field} được ghi hơn một lần; mỗi trường chỉ được ghi một lần.", errors.GetProperty($"form.{field}")[0].GetString());
    }

    [Fact]
    public async Task Request_WithBothTransferEncodingAndContentLength_Returns400AndClosesTheConnection()
    {
        await using var web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        var body = """{"satisfaction":"Satisfied","phone4":"5678"}""";
        var chunked = $"{Encoding.UTF8.GetByteCount(body):x}\r\n{body}\r\n0\r\n\r\n";

        // Content-Length says the body is 5 bytes; chunked framing says it is the whole rating.
        var (head, rest) = await SendRawAsync(
            web.Address,
            $"POST /api/public/dossiers/018-220913-0001/rating HTTP/1.1\r\nHost: {web.Address.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}");

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Transfer-Encoding", rest, StringComparison.Ordinal);

        // Either framing alone is read as usual (here: the dossier does not exist).
        var (plain, _) = await SendRawAsync(
            web.Address,
            $"POST /api/public/dossiers/018-220913-0001/rating HTTP/1.1\r\nHost: {web.Address.Authority}\r\nContent-Type: application/json\r\n"
            + $"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}");
        Assert.StartsWith("HTTP/1.1 404 ", plain, StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(HttpClient client)
    {
        var counts = await client.GetFromJsonAsync<JsonElement>($"/api/offices/{TestReferenceData.District}/dossier-counts?from=2022-01-01&to=2030-12-31");
        return counts.GetProperty("total").GetInt32();
    }

    // The whole answer of a request written byte for byte, read until the server closes the connection.
    private static async Task<(string Head, string Body)> SendRawAsync(Uri address, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(timeout.Token);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split < 0 ? (answer, string.Empty) : (answer[..split], answer[(split + 4)..]);
    }
}
