using CaseEngine.Domain.Reference;

namespace CaseEngine.Silo;

/// <summary>Loads the reference data files of a folder, such as the set shipped beside the engine.</summary>
public static class ReferenceDataFolder
{
    /// <summary>The folder shipped beside the engine: the Gia Lâm set.</summary>
    public static string Shipped { get; } = Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    /// <summary>Reads and validates the files of <paramref name="folder"/>.</summary>
    /// <exception cref="ReferenceDataException">A file is missing, malformed or inconsistent.</exception>
    public static ReferenceData Load(string folder)
    {
        var files = Files(folder);
        return ReferenceDataLoader.Parse(name => files[name]);
    }

    /// <summary>The text of each of <paramref name="folder"/>'s files, by name.</summary>
    /// <exception cref="ReferenceDataException">A file is missing.</exception>
    public static IReadOnlyDictionary<string, string> Files(string folder) => ReferenceDataLoader.Files.ToDictionary(
        file => file,
        file =>
        {
            var path = Path.Combine(folder, file);
            return File.Exists(path)
                ? File.ReadAllText(path)
                : throw new ReferenceDataException(file, "(file)", "(file)", $"not found at {Path.GetFullPath(path)}");
        },
        StringComparer.Ordinal);
}
