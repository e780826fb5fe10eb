using System.Net.Http.Headers;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using Microsoft.Extensions.Configuration;

namespace CaseEngine.Tests.Support;

/// <summary>Tokens signed with the tests' local key, as <c>./run.sh token</c> mints them.</summary>
public static class Tokens
{
    /// <summary>The tests' signing key (base64 of 32 fixed bytes).</summary>
    public static readonly string SigningKey = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))]);

    private static readonly AuthSettings Settings = new AuthSettingsValidator().Read(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{AuthSettings.Section}:SigningKey"] = SigningKey }).Build());

    /// <summary>The user id tests act as in each role.</summary>
    public static string UserOf(Role role) => role switch
    {
        Role.CounterOfficer => "cb.tiepnhan",
        Role.Volunteer => "tnv.doanthanhnien",
        Role.Specialist => "cv.chuyenmon",
        Role.Leader => "ld.ubnd",
        Role.Administrator => "qt.hethong",
        _ => "portal.dvcqg",
    };

    /// <summary>A token of <paramref name="role"/> at <paramref name="office"/>.</summary>
    public static string For(Role role, string office, bool districtWide = false, string? user = null) =>
        TokenIssuer.Issue(Settings, new EngineUser(user ?? UserOf(role), role, office, districtWide), TimeSpan.FromHours(1));

    /// <summary>
    /// Signs every request as the user who would make it: the office is the one in the path (the office code, or a
    /// dossier code's prefix), the role the first one allowed to take the step named by the path's last segment
    /// (a counter officer for reading and creating, a volunteer for drafts).
    /// </summary>
    public sealed class ActingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null && request.RequestUri is { } uri)
            {
                var segments = uri.AbsolutePath.Trim('/').Split('/');
                var office = segments switch
                {
                    ["api", "offices", var code, ..] => code,
                    ["api", "dossiers", var code, ..] when code.Contains('-', StringComparison.Ordinal) => code[..code.IndexOf('-', StringComparison.Ordinal)],
                    _ => TestReferenceData.District,
                };
                var role = request.Method == HttpMethod.Post ? RoleFor(segments[^1]) : Role.CounterOfficer;
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", For(role, office));
            }

            return base.SendAsync(request, cancellationToken);
        }

        private static Role RoleFor(string step) => step switch
        {
            "drafts" => Role.Volunteer,
            "receive" => Role.CounterOfficer,
            "approve" => Permissions.For(DossierAction.ApproveResult)[0],
            "return" => Permissions.For(DossierAction.ReturnResult)[0],
            "refuse" => Permissions.For(DossierAction.Refuse)[0],
            "forward" => Permissions.For(DossierAction.Forward)[0],
            "submit-for-signature" => Permissions.For(DossierAction.SubmitForSignature)[0],
            "request-supplement" => Permissions.For(DossierAction.RequestSupplement)[0],
            "resubmit-supplement" => Permissions.For(DossierAction.ResubmitSupplement)[0],
            "require-payment" => Permissions.For(DossierAction.RequirePayment)[0],
            "confirm-payment" => Permissions.For(DossierAction.ConfirmPayment)[0],
            "withdraw" => Permissions.For(DossierAction.Withdraw)[0],
            "stop" => Permissions.For(DossierAction.Stop)[0],
            "apology" => Permissions.For(DossierAction.IssueApology)[0],
            _ => Role.CounterOfficer,
        };
    }
}
