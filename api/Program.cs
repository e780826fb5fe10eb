using CaseEngine.Api;
using CaseEngine.Api.Security;

if (args is ["token", .. var options])
{
    return TokenIssuer.Run(options, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration);
}

if (args is ["admin", .. var admin])
{
    return await CaseEngine.Api.Accounts.FirstAdministrator.RunAsync(
        admin, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration, Console.In, Console.Out, Console.Error);
}

if (args is ["demo", .. var demo])
{
    return await CaseEngine.Api.Demo.DemoDay.RunAsync(demo, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration);
}

var app = await EngineApp.BuildAsync(args);
if (app is null)
{
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the API tests.</summary>
public partial class Program;
