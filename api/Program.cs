using CaseEngine.Api;

var app = await EngineApp.BuildAsync(args);
if (app is null)
{
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the API tests.</summary>
public partial class Program;
