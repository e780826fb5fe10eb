using System.Globalization;
using System.Net.Http.Headers;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;

namespace CaseEngine.Api.Demo;

/// <summary>What a demo day put into the engine.</summary>
/// <param name="Dossiers">Dossiers entered.</param>
/// <param name="Steps">Steps taken after entry.</param>
/// <param name="ByOffice">Dossiers per office code.</param>
public sealed record DemoSummary(int Dossiers, int Steps, IReadOnlyDictionary<string, int> ByOffice);

/// <summary>
/// Seeds a working day of the 23 offices through the engine's own HTTP API, as their people would: the seed's yearly
/// volumes (2,152 district and 16,630 commune dossiers) spread over about 250 working days, so about 9 at the district
/// office and 3 at each commune, at various points of their lives (entered by a volunteer, received, with the
/// specialist, awaiting signature, waiting for a supplement, ready, returned and rated) so that the pages show a living
/// office. Every request is checked by the engine like any other; tokens are minted with the local key.
/// </summary>
public static class DemoDay
{
    private static readonly string[] Names =
    [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang", "Đặng Quốc Huy",
        "Bùi Thị Lan", "Đỗ Minh Khôi", "Ngô Thị Mai", "Dương Văn Nam", "Lý Thị Oanh", "Phan Thanh Phúc", "Trịnh Thị Quyên",
    ];

    // The life a dossier has reached when the day is shown, with how often (out of 20).
    private static readonly (string[] Steps, int Weight)[] Lives =
    [
        (["draft"], 2),
        ([], 4),
        (["forward"], 4),
        (["forward", "submit-for-signature"], 3),
        (["request-supplement"], 1),
        (["forward", "submit-for-signature", "approve"], 2),
        (["forward", "submit-for-signature", "approve", "return", "rate"], 4),
    ];

    /// <summary>
    /// The <c>demo</c> command: <c>demo [--api http://127.0.0.1:5080] [--seed N]</c> seeds a day on a running engine.
    /// Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var api = new Uri(Option("--api") ?? "http://127.0.0.1:5080/");
        var seed = int.TryParse(Option("--seed"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        try
        {
            var auth = new AuthSettingsValidator().Read(configuration);
            var reference = ReferenceDataFolder.Load(ReferenceDataFolder.Shipped);
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
            var summary = await SeedAsync(http, (role, office) => TokenIssuer.Issue(auth, new EngineUser(DemoUser(role), role, office, false), TimeSpan.FromHours(1)), reference, seed);
            Console.WriteLine($"{summary.Dossiers} dossiers and {summary.Steps} steps at {summary.ByOffice.Count} offices, on {api}.");
            return 0;
        }
        catch (Exception e) when (e is EngineStartupException or InvalidOperationException or HttpRequestException or ReferenceDataException)
        {
            Console.Error.WriteLine($"CaseEngine cannot seed the demo day: {e.Message}");
            return 1;
        }
    }

    /// <summary>The demo's user of <paramref name="role"/>.</summary>
    public static string DemoUser(Role role) => role switch
    {
        Role.Volunteer => "tnv.doanthanhnien",
        Role.Specialist => "cv.chuyenmon",
        Role.Leader => "ld.ubnd",
        _ => "cb.motcua",
    };

    /// <summary>Seeds one day through <paramref name="http"/>, signing each request as <paramref name="token"/> says.</summary>
    public static async Task<DemoSummary> SeedAsync(HttpClient http, Func<Role, string, string> token, ReferenceData reference, int seed)
    {
        var random = new Random(seed);
        var byOffice = new Dictionary<string, int>(StringComparer.Ordinal);
        var steps = 0;
        var person = 0;
        foreach (var office in reference.Offices.Values.OrderBy(o => o.Code, StringComparer.Ordinal))
        {
            var procedures = reference.Procedures.Values.Where(p => p.Level == office.Level).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
            var count = office.Level == OfficeLevel.District ? 9 : 2 + random.Next(3);
            for (var i = 0; i < count; i++)
            {
                var procedure = procedures[random.Next(procedures.Count)];
                var life = Pick(random);
                var name = Names[person++ % Names.Length];
                var phone = $"09{random.Next(10_000_000, 99_999_999)}";
                var draft = life.FirstOrDefault() == "draft";
                var created = await SendAsync(http, token(draft ? Role.Volunteer : Role.CounterOfficer, office.Code), $"api/offices/{office.Code}/dossiers{(draft ? "/drafts" : "")}", new
                {
                    procedureCode = procedure.Code,
                    applicant = new { fullName = name, phone, citizenId = $"001{random.Next(100, 999)}{random.Next(100_000, 999_999)}", address = $"Thôn {1 + random.Next(9)}, {office.Name.Replace("UBND ", string.Empty, StringComparison.Ordinal)}, Hà Nội" },
                    consent = random.Next(10) == 0 ? "Fingerprint" : "Signature",
                    form = procedure.Form.ToDictionary(f => f.Name, f => SampleValue(f, name, random)),
                });
                var code = created.GetProperty("code").GetString()!;
                byOffice[office.Code] = byOffice.GetValueOrDefault(office.Code) + 1;
                foreach (var step in life.Where(s => s != "draft"))
                {
                    await StepAsync(http, token, office.Code, code, step, phone);
                    steps++;
                }
            }
        }

        return new DemoSummary(byOffice.Values.Sum(), steps, byOffice);
    }

    private static string[] Pick(Random random)
    {
        var roll = random.Next(Lives.Sum(l => l.Weight));
        foreach (var (steps, weight) in Lives)
        {
            if ((roll -= weight) < 0)
            {
                return steps;
            }
        }

        return [];
    }

    private static string SampleValue(FormField field, string name, Random random) => field.Type switch
    {
        FormFieldType.Date => new DateOnly(2024, 1, 1).AddDays(random.Next(600)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FormFieldType.Number => (1 + random.Next(50)).ToString(CultureInfo.InvariantCulture),
        FormFieldType.Choice => field.Choices[random.Next(field.Choices.Count)],
        _ => name.Length <= field.MaxLength ? name : name[..field.MaxLength],
    };

    private static async Task StepAsync(HttpClient http, Func<Role, string, string> token, string office, string code, string step, string phone)
    {
        var (role, body) = step switch
        {
            "forward" => (Role.CounterOfficer, (object)new { to = DemoUser(Role.Specialist) }),
            "submit-for-signature" => (Role.Specialist, new { to = DemoUser(Role.Leader) }),
            "approve" => (Role.Leader, new { }),
            "request-supplement" => (Role.CounterOfficer, new { reason = "Bổ sung bản sao giấy tờ chứng minh nơi cư trú." }),
            _ => (Role.CounterOfficer, new { }),
        };
        if (step == "rate")
        {
            await SendAsync(http, null, $"api/public/dossiers/{code}/rating", new { phone4 = phone[^4..], satisfaction = "Satisfied", comment = "Nhanh, chu đáo." });
            return;
        }

        await SendAsync(http, token(role, office), $"api/dossiers/{code}/{step}", body);
    }

    private static async Task<System.Text.Json.JsonElement> SendAsync(HttpClient http, string? token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response.StatusCode == System.Net.HttpStatusCode.NoContent
            ? default
            : await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }
}
