using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseEngine.Api;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Bodies the API cannot read — not JSON, a value of the wrong type, an array for an object, nothing at all — are
/// refused with a 400 validation problem in Vietnamese that keys the field by its JSON path and says what it must be,
/// never with the serializer's English and never with a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JsonBodyTests(ApiFactory factory)
{
    private static readonly string Dossiers = $"/api/offices/{TestReferenceData.District}/dossiers";

    // Words of System.Text.Json's and ASP.NET Core's own messages, which must not reach a person.
    private static readonly string[] LibraryWords = ["Path:", "LineNumber", "BytePosition", "could not be converted", "invalid start", "Failed to", "Implicit body", "Expected", "Duplicate", "System."];

    private readonly HttpClient _officer = factory.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);

    [Theory]
    [InlineData("{not json", "Nội dung yêu cầu không phải JSON hợp lệ (lỗi ở dòng 1, vị trí 2).")]
    [InlineData("{\"procedureCode\": \"1.001193\"", "Nội dung yêu cầu không phải JSON hợp lệ (lỗi ở dòng 1, vị trí 29).")]
    [InlineData("{\"procedureCode\": \"1.001193\"}\n{}", "Nội dung yêu cầu không phải JSON hợp lệ (lỗi ở dòng 2, vị trí 1).")]
    public async Task Create_WithABodyThatIsNotJson_Returns400SayingWhere(string body, string expected)
    {
        var before = await CountAsync();

        var errors = await RefusedAsync(await PostAsync(Dossiers, body));

        Assert.Equal([expected], Messages(errors, "body"));
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("{\"procedureCode\": 1001193}", "procedureCode", "Trường procedureCode phải là một chuỗi ký tự.")]
    [InlineData("{\"applicant\": {\"fullName\": true}}", "applicant.fullName", "Trường applicant.fullName phải là một chuỗi ký tự.")]
    [InlineData("{\"form\": {\"tenHoKinhDoanh\": 5}}", "form.tenHoKinhDoanh", "Trường form.tenHoKinhDoanh phải là một chuỗi ký tự.")]
    [InlineData("{\"consent\": \"Nod\"}", "consent", "Trường consent phải là một trong các giá trị Signature, Fingerprint.")]
    [InlineData("{\"form\": \"tenHoKinhDoanh\"}", "form", "Trường form phải là một đối tượng JSON.")]
    public async Task Create_WithAValueOfTheWrongType_Returns400KeyedByItsPath(string body, string key, string expected)
    {
        var errors = await RefusedAsync(await PostAsync(Dossiers, body));

        Assert.Equal([expected], Messages(errors, key));
    }

    [Fact]
    public async Task Create_WithAnArrayForTheApplicant_Returns400SayingAnObjectIsExpected()
    {
        var errors = await RefusedAsync(await PostAsync(Dossiers, """{"procedureCode": "1.001193", "applicant": ["Nguyễn Văn An", "0912345678"]}"""));

        Assert.Equal(["Trường applicant phải là một đối tượng JSON."], Messages(errors, "applicant"));
    }

    [Fact]
    public async Task Create_WithAnArrayForTheBody_Returns400SayingAnObjectIsExpected()
    {
        var errors = await RefusedAsync(await PostAsync(Dossiers, "[]"));

        Assert.Equal(["Nội dung yêu cầu phải là một đối tượng JSON."], Messages(errors, "body"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Step_WithAnEmptyBody_Returns400SayingABodyIsNeeded(string? body)
    {
        using var response = body is null
            ? await _officer.PostAsync(new Uri("/api/dossiers/018-220913-0001/forward", UriKind.Relative), null)
            : await PostAsync("/api/dossiers/018-220913-0001/forward", body);

        var errors = await RefusedAsync(response);

        Assert.Equal(["Yêu cầu chưa có nội dung: cần một đối tượng JSON."], Messages(errors, "body"));
    }

    [Fact]
    public async Task Create_WithNullForTheBody_Returns400SayingAnObjectIsExpected()
    {
        var errors = await RefusedAsync(await PostAsync(Dossiers, "null"));

        Assert.Equal(["Nội dung yêu cầu phải là một đối tượng JSON."], Messages(errors, "body"));
    }

    [Fact]
    public async Task PortalSubmission_WithANumberFieldGivenWords_Returns400NamingTheWireField()
    {
        using var portal = factory.CreateClient().As(PortalPayloads.NationalClient);
        var payload = PortalPayloads.National($"000.00.18.H29-220913-{Random.Shared.Next(100_000, 999_999)}");
        payload["TrangThaiHoSo"] = "một";

        var errors = await RefusedAsync(await portal.PostAsJsonAsync("/api/portals/national/dossiers", payload));

        Assert.Equal(["Trường TrangThaiHoSo phải là một số nguyên."], Messages(errors, "TrangThaiHoSo"));
    }

    [Theory]
    [InlineData("limit=mười", "limit", "Tham số limit phải là một số nguyên.")]
    [InlineData("from=2022-13-01", "from", "Tham số from phải là một ngày viết theo dạng yyyy-MM-dd.")]
    [InlineData("bucket=Red", "bucket", "Tham số bucket phải là một trong các giá trị NotYetDue, NearlyLate, Late.")]
    public async Task List_WithAQueryParameterThatDoesNotParse_Returns400NamingIt(string query, string key, string expected)
    {
        var errors = await RefusedAsync(await _officer.GetAsync(new Uri($"{Dossiers}?{query}", UriKind.Relative)));

        Assert.Equal([expected], Messages(errors, key));
    }

    [Fact]
    public async Task Create_WithABodyThatIsNotSentAsJson_Returns415InVietnamese()
    {
        using var response = await _officer.PostAsync(new Uri(Dossiers, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Nội dung yêu cầu phải là JSON, gửi với Content-Type: application/json.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(typeof(int), "phải là một số nguyên")]
    [InlineData(typeof(long?), "phải là một số nguyên")]
    [InlineData(typeof(decimal), "phải là một số")]
    [InlineData(typeof(double?), "phải là một số")]
    [InlineData(typeof(string), "phải là một chuỗi ký tự")]
    [InlineData(typeof(bool), "phải là true hoặc false")]
    [InlineData(typeof(DateTimeOffset?), "phải là một thời điểm viết theo ISO 8601, ví dụ 2022-09-20T10:00:00+07:00")]
    public void WhatAValueMustBe_IsSaidByItsType(Type type, string expected)
    {
        Assert.Equal(expected, Expected.Of(type));
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _officer.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    // The refusal's field errors, after checking it is a 400 validation problem with nothing of the libraries' English.
    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            foreach (var word in LibraryWords)
            {
                Assert.DoesNotContain(word, text, StringComparison.Ordinal);
            }

            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal("Thông tin nhập chưa hợp lệ", problem.GetProperty("title").GetString());
            return problem.GetProperty("errors").Clone();
        }
    }

    private static string[] Messages(JsonElement errors, string key)
    {
        Assert.True(errors.TryGetProperty(key, out var messages), $"no error keyed {key}: {errors}");
        return [.. messages.EnumerateArray().Select(m => m.GetString() ?? "")];
    }

    private async Task<int> CountAsync()
    {
        var counts = await _officer.GetFromJsonAsync<JsonElement>($"/api/offices/{TestReferenceData.District}/dossier-counts?from=2022-01-01&to=2030-12-31");
        return counts.GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task AnUnknownAddress_AndAMethodItDoesNotTake_AreAnsweredInVietnamese()
    {
        using var client = factory.CreateClient();

        using var unknown = await client.GetAsync("/api/no-such-thing");
        using var method = await client.DeleteAsync("/api/public/wording");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Không tìm thấy", "Không có địa chỉ /api/no-such-thing."), (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal(ProblemTitles.ForStatus(405), (await method.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
