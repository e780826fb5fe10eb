namespace CaseEngine.Tests.Support;

/// <summary>Where the repository and the built engine are, seen from the test binaries.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>CaseEngine.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The engine built in the same configuration as the tests (<c>api/bin/&lt;configuration&gt;/net10.0/CaseEngine.Api.dll</c>).</summary>
    public static string EngineAssembly
    {
        get
        {
            // The tests run from tests/bin/<configuration>/<framework>/.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = Path.Combine(Root, "api", "bin", configuration, framework.Name, "CaseEngine.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The engine is not built at {path}: build the solution first.", path);
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CaseEngine.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("CaseEngine.sln not found above the test binaries.");
    }
}
