using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// The domain's checks of what people enter: the applicant, a procedure's declaration form, the codes a request names,
/// a step's inputs and a citizen's rating. Errors are keyed as the request names its fields; messages are Vietnamese
/// and name the form's own label.
/// </summary>
public sealed class ValidationTests
{
    // Household business registration: its form has a text, a choice and a number field (capital, in đồng).
    private const string HouseholdBusiness = "2.000720.000.00.00.H29";
    private const string BirthRegistration = "1.001193.000.00.00.H29";

    private static Procedure ProcedureOf(string code) => TestReferenceData.Shipped.Procedures[code];

    private static ApplicantEntry Valid => new("  Nguyễn Văn An ", "0912345678", "001085012345", "Số 5 Ngô Xuân Quảng, Trâu Quỳ");

    [Fact]
    public void AValidApplicant_IsReadTrimmed_WithNoErrors()
    {
        var errors = new FieldErrors();

        var applicant = ApplicantForm.Read(Valid, errors);

        Assert.False(errors.Any);
        Assert.Equal("Nguyễn Văn An", applicant!.FullName);
        Assert.Equal("001085012345", applicant.CitizenId);
    }

    [Fact]
    public void AMissingNameAndABadPhone_AreTwoErrors_InVietnamese_NamingTheLabels()
    {
        var errors = new FieldErrors();

        var applicant = ApplicantForm.Read(Valid with { FullName = " ", Phone = "09-123" }, errors);

        Assert.Null(applicant);
        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["applicant.fullName"] = ["Họ và tên người nộp là bắt buộc."],
                ["applicant.phone"] = ["Số điện thoại người nộp phải có từ 8 đến 20 chữ số, có thể bắt đầu bằng dấu +."],
            },
            errors.ToDictionary());
    }

    [Theory]
    [InlineData("0912345678", true)]
    [InlineData("+84912345678", true)]
    [InlineData("12345678", true)]
    [InlineData("1234567", false)]
    [InlineData("123456789012345678901", false)]
    [InlineData("++84912345678", false)]
    [InlineData("0912 345 678", false)]
    public void APhone_Has8To20Digits_OptionallyAfterAPlus(string phone, bool valid)
    {
        var errors = new FieldErrors();

        ApplicantForm.Read(Valid with { Phone = phone }, errors);

        Assert.Equal(valid, !errors.Any);
    }

    [Theory]
    [InlineData("001085012345", true)]
    [InlineData("096085012345", true)]
    [InlineData("000085012345", false)]
    [InlineData("097085012345", false)]
    [InlineData("00108501234", false)]
    [InlineData("0010850123456", false)]
    [InlineData("00108501234a", false)]
    public void ACitizenId_Has12Digits_StartingWithAProvinceCode(string citizenId, bool valid)
    {
        var errors = new FieldErrors();

        ApplicantForm.Read(Valid with { CitizenId = citizenId }, errors);

        Assert.Equal(valid ? [] : ["Số định danh cá nhân người nộp phải gồm 12 chữ số, ba chữ số đầu là mã tỉnh, thành phố từ 001 đến 096."], errors.Of("applicant.citizenId"));
    }

    [Fact]
    public void NoApplicant_IsOneErrorUnderApplicant()
    {
        var errors = new FieldErrors();

        Assert.Null(ApplicantForm.Read(null, errors));

        Assert.Equal(["applicant"], errors.Fields);
        Assert.Equal(["Thông tin người nộp hồ sơ là bắt buộc."], errors.Of("applicant"));
    }

    [Fact]
    public void TheApplicantsLabels_AreTheOnesTheCounterShows()
    {
        Assert.Equal(
            [("fullName", "Họ và tên"), ("citizenId", "Số định danh cá nhân"), ("phone", "Số điện thoại"), ("address", "Địa chỉ")],
            ApplicantForm.Fields.Select(f => (f.Name, f.Label)));
        Assert.Equal([FormFieldType.Text, FormFieldType.CitizenId, FormFieldType.Phone, FormFieldType.Text], ApplicantForm.Fields.Select(f => f.Type));
    }

    [Theory]
    [InlineData("capital", "ba trăm triệu", "«Tổng số vốn kinh doanh (đồng)» phải là một số, chỉ gồm các chữ số 0–9.")]
    [InlineData("capital", "300.000.000", "«Tổng số vốn kinh doanh (đồng)» phải là một số, chỉ gồm các chữ số 0–9.")]
    [InlineData("businessName", null, "«Tên hộ kinh doanh» là bắt buộc.")]
    [InlineData("businessName", "Hộ\u0007", "«Tên hộ kinh doanh» chứa ký tự điều khiển, không phải chữ viết.")]
    [InlineData("businessLine", "Buôn bán", "«Ngành, nghề kinh doanh» phải là một trong các lựa chọn: «Bán buôn, bán lẻ hàng hóa», «Dịch vụ ăn uống», «Dịch vụ lưu trú», «Sản xuất, chế biến thực phẩm», «Sản xuất gốm sứ, hàng thủ công mỹ nghệ», «Sửa chữa ô tô, mô tô, xe máy», «Vận tải hàng hóa bằng đường bộ», «Dịch vụ khác».")]
    [InlineData("employees", "-3", "«Số lượng lao động (người)» phải là một số, chỉ gồm các chữ số 0–9.")]
    public void ADeclarationFieldThatDoesNotFit_IsAnErrorUnderForm_NamingItsLabel(string field, string? value, string message)
    {
        var procedure = ProcedureOf(HouseholdBusiness);
        var values = SampleForm.For(procedure).ToDictionary(f => f.Key, f => (string?)f.Value);
        values[field] = value;
        var errors = new FieldErrors();

        DeclarationForm.Read(procedure, values, errors);

        Assert.Equal(new Dictionary<string, string[]> { [$"form.{field}"] = [message] }, errors.ToDictionary());
    }

    [Fact]
    public void ADayOfTheForm_IsWrittenYearMonthDay_AndAnUnknownFieldIsNamed()
    {
        var procedure = ProcedureOf(BirthRegistration);
        var values = SampleForm.For(procedure).ToDictionary(f => f.Key, f => (string?)f.Value);
        values["childBirthDate"] = "01/09/2022";
        values["nickname"] = "Bin";
        var errors = new FieldErrors();

        DeclarationForm.Read(procedure, values, errors);

        Assert.Equal(["«Ngày, tháng, năm sinh» phải là một ngày, viết năm-tháng-ngày như 2022-09-13."], errors.Of("form.childBirthDate"));
        Assert.Equal([$"«nickname» không phải là một trường của tờ khai thủ tục {BirthRegistration}."], errors.Of("form.nickname"));
    }

    [Fact]
    public void EveryRequiredFieldOfEveryProcedure_WhenMissing_IsNamedByItsLabel()
    {
        foreach (var procedure in TestReferenceData.Shipped.Procedures.Values)
        {
            var errors = new FieldErrors();

            var form = DeclarationForm.Read(procedure, null, errors);

            Assert.Null(form);
            Assert.Equal(
                procedure.Form.Where(f => f.Required).Select(f => ($"form.{f.Name}", $"«{f.Label}» là bắt buộc.")),
                errors.Fields.Select(key => (key, errors.Of(key).Single())));
        }
    }

    [Fact]
    public void AFilledForm_IsKeptTrimmed_WithoutItsEmptyFields()
    {
        var procedure = ProcedureOf(HouseholdBusiness);
        var values = SampleForm.For(procedure).ToDictionary(f => f.Key, f => (string?)$" {f.Value} ");
        values["employees"] = "";
        var errors = new FieldErrors();

        var form = DeclarationForm.Read(procedure, values, errors);

        Assert.False(errors.Any);
        Assert.False(form!.ContainsKey("employees"));
        Assert.Equal(SampleForm.Number, form["capital"]);
    }

    [Fact]
    public void Codes_OfADossierOfficeAndProcedure_AreCheckedWithVietnameseReasons()
    {
        var errors = new FieldErrors();

        Assert.True(Codes.Dossier("018-220913-0001", errors));
        Assert.False(Codes.Dossier("not-a-code", errors));
        Assert.Null(Codes.KnownOffice("99999", TestReferenceData.Shipped, errors));
        Assert.Null(Codes.KnownProcedure(" ", TestReferenceData.Shipped, errors));
        Assert.Equal("018", Codes.KnownOffice(" 018 ", TestReferenceData.Shipped, errors)!.Code);

        Assert.StartsWith("«not-a-code» không phải là mã hồ sơ", errors.Of("code").Single(), StringComparison.Ordinal);
        Assert.Equal(["Đơn vị «99999» không phải là một đơn vị của hệ thống."], errors.Of("officeCode"));
        Assert.Equal(["Mã thủ tục là bắt buộc."], errors.Of("procedureCode"));
    }

    [Fact]
    public void AnUnknownProcedure_IsNamedWithItsCode()
    {
        var errors = new FieldErrors();

        Assert.Null(Codes.KnownProcedure("9.999999.000.00.00.H29", TestReferenceData.Shipped, errors));

        Assert.Equal(["Thủ tục «9.999999.000.00.00.H29» không có trong danh mục thủ tục."], errors.Of("procedureCode"));
    }

    [Theory]
    [InlineData(DossierAction.Forward, "to", "«Chuyển cho (tài khoản chuyên viên)» là bắt buộc.")]
    [InlineData(DossierAction.SubmitForSignature, "to", "«Trình lãnh đạo (tài khoản người ký)» là bắt buộc.")]
    [InlineData(DossierAction.RequestSupplement, "reason", "«Lý do (ghi cho công dân)» là bắt buộc.")]
    [InlineData(DossierAction.IssueApology, "newAppointment", "«Ngày giờ hẹn trả kết quả mới» là bắt buộc.")]
    public void AStepWithoutWhatItNeeds_IsAnErrorNamingTheInput(DossierAction action, string input, string message)
    {
        var errors = new FieldErrors();

        StepInputs.Read(action, "cb.tiepnhan", new StepEntry(Reason: action == DossierAction.IssueApology ? "Chờ xác minh" : null), errors);

        Assert.Equal([message], errors.Of(input));
    }

    [Fact]
    public void AStepsNote_IsAtMost2000Characters_AndAReasonBecomesTheCommandsNote()
    {
        var errors = new FieldErrors();

        var command = StepInputs.Read(DossierAction.ReturnResult, "cb.tiepnhan", new StepEntry(Note: new string('x', 2001)), errors);
        var refused = StepInputs.Read(DossierAction.Refuse, "ld.ubnd", new StepEntry(Reason: "Thiếu giấy tờ"), new FieldErrors());

        Assert.Equal(["«Ghi chú» không được dài quá 2.000 ký tự."], errors.Of("note"));
        Assert.Equal((DossierAction.ReturnResult, "cb.tiepnhan"), (command.Action, command.Actor));
        Assert.Equal("Thiếu giấy tờ", refused.Note);
    }

    [Fact]
    public void ARating_NeedsTheFourDigitsAndASatisfaction()
    {
        var errors = CitizenForm.Rating("018-220913-0001", "56a8", null, new string('y', 2001));

        Assert.Equal(["phone4", "comment", "satisfaction"], errors.Fields);
        Assert.Equal(["«4 số cuối điện thoại» phải là đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ."], errors.Of("phone4"));
        Assert.Equal(["Hãy chọn mức độ hài lòng: «Hài lòng», «Bình thường», «Không hài lòng»."], errors.Of("satisfaction"));
        Assert.Equal(["«Góp ý» không được dài quá 2.000 ký tự."], errors.Of("comment"));
        Assert.False(CitizenForm.Rating("018-220913-0001", "5678", Satisfaction.Satisfied, null).Any);
    }

    [Fact]
    public void ErrorsRenamed_ToAPortalsNames_ShareTheirMessagesUnderOneName()
    {
        var errors = new FieldErrors().Add("applicant", "a").Add("applicant.fullName", "b").Add("applicant.fullName", "b").Add("form.x", "c");

        var renamed = errors.ToDictionary(field => field.StartsWith("applicant", StringComparison.Ordinal) ? "ChuHoSo" : field);

        Assert.Equal(new Dictionary<string, string[]> { ["ChuHoSo"] = ["a", "b"], ["form.x"] = ["c"] }, renamed);
    }
}
