using System.Text.Json.Serialization;
using CaseEngine.Api;
using CaseEngine.Api.Apis;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using Microsoft.OpenApi;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

try
{
    await builder.AddCaseEngineSiloAsync();
}
catch (ReferenceDataException e)
{
    Console.Error.WriteLine($"CaseEngine cannot start: reference data {e.Message}");
    return 1;
}
catch (EngineStartupException e)
{
    Console.Error.WriteLine($"CaseEngine cannot start: {e.Message}");
    return 1;
}

// Drains requests before the web server and the silo stop: see Draining.
builder.Services.AddSingleton<Draining>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<Draining>());
builder.Services.AddHealthChecks().AddCheck<NotStoppingHealthCheck>("shutdown", tags: [SiloHosting.ReadyTag]);
builder.Services.AddProblemDetails();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(o =>
{
    o.SwaggerDoc("v1", new OpenApiInfo
    {
        Title = "CaseEngine",
        Version = "v1",
        Description = "Dossiers of one-stop offices with working-time deadlines (Gia Lâm: \"Tuesday: no writing, no appointment slip\").",
    });
    o.SupportNonNullableReferenceTypes();
});

var app = builder.Build();
app.UseMiddleware<Draining>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI();

app.MapHealth();
app.MapOfficesApi();
app.MapProceduresApi();
app.MapDossiersApi();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the API tests.</summary>
public partial class Program;
