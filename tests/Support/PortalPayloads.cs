using System.Net.Http.Headers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Tests.Support;

/// <summary>Online dossiers as each portal sends them, and the portal clients that send them.</summary>
public static class PortalPayloads
{
    /// <summary>The national portal's client (the default <c>CaseEngine:Portals:National:ClientId</c>).</summary>
    public const string NationalClient = "portal.dvcqg";

    /// <summary>The city portal's client (the default <c>CaseEngine:Portals:City:ClientId</c>).</summary>
    public const string CityClient = "portal.hanoi";

    /// <summary>A commune procedure that is not fast-track, with its form.</summary>
    public static Procedure Procedure => TestReferenceData.StandardDaysProcedure(OfficeLevel.District);

    /// <summary>The settings that point the engine's portals at <paramref name="simulator"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(PortalSimulator simulator) => new()
    {
        ["CaseEngine:Portals:National:BaseAddress"] = simulator.Address.AbsoluteUri,
        ["CaseEngine:Portals:National:UserName"] = PortalSimulator.NationalUser,
        ["CaseEngine:Portals:National:Password"] = PortalSimulator.NationalPassword,
        ["CaseEngine:Portals:City:BaseAddress"] = simulator.Address.AbsoluteUri,
        ["CaseEngine:Portals:City:ApiKey"] = PortalSimulator.CityApiKey,
    };

    /// <summary>Signs <paramref name="client"/>'s requests as the portal client <paramref name="user"/>.</summary>
    public static HttpClient As(this HttpClient client, string user)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.PortalClient, TestReferenceData.District, user: user));
        return client;
    }

    /// <summary>A new submission on the national portal (DongBoHoSoMC fields), awaiting acceptance at the district office.</summary>
    public static Dictionary<string, object?> National(string portalDossierId) => new()
    {
        ["MaHoSo"] = portalDossierId,
        ["MaTTHC"] = Procedure.Code,
        ["TenTTHC"] = Procedure.Name,
        ["DonViXuLy"] = TestReferenceData.District,
        ["ChuHoSo"] = "Lê Thị Thu Hà",
        ["SoDienThoaiChuHoSo"] = "0983111222",
        ["SoGiayToChuHoSo"] = "001190077788",
        ["DiaChiChuHoSo"] = "Thôn Kiên Thành, xã Trung Mầu, Gia Lâm, Hà Nội",
        ["NgayTiepNhan"] = "20220913083000",
        ["TrangThaiHoSo"] = "1",
        ["DuLieuToKhai"] = SampleForm.For(Procedure),
    };

    /// <summary>The same kind of submission on the city portal (camel case, applicant in <c>nguoiNop</c>).</summary>
    public static Dictionary<string, object?> City(string portalDossierId) => new()
    {
        ["soHoSo"] = portalDossierId,
        ["maThuTuc"] = Procedure.Code,
        ["maDonVi"] = TestReferenceData.District,
        ["nguoiNop"] = new Dictionary<string, string>
        {
            ["hoTen"] = "Phạm Quốc Khánh",
            ["soDienThoai"] = "0904555666",
            ["soDinhDanh"] = "001089044455",
            ["diaChi"] = "Số 8 Cổ Bi, Gia Lâm, Hà Nội",
        },
        ["thoiGianNop"] = "13/09/2022 08:45:00",
        ["trangThai"] = 1,
        ["toKhai"] = SampleForm.For(Procedure),
    };
}
