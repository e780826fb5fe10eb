using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// Writes grain state as plain UTF-8 JSON with System.Text.Json: no CLR type names (a renamed class does not orphan
/// its rows), property names as in the code, enums as their numbers (a step's kind as its name,
/// <see cref="Domain.Dossiers.StepKindJsonConverter"/>), default values left out. Only settable properties are stored,
/// so computed ones never are, and a property missing from a stored row reads as its default, so rows written before a
/// property was added still load.
/// </summary>
public sealed class JsonStateSerializer : IGrainStorageSerializer
{
    /// <summary>The one instance; it holds no state besides its options.</summary>
    public static readonly JsonStateSerializer Instance = new();

    /// <summary>The serializer's options.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,

        // Vietnamese letters as they are, for people reading the table (the document never reaches a web page).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoredMembersOnly } },
    };

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)!;

    /// <summary>Leaves out properties without a setter (computed ones), and requires none.</summary>
    internal static void StoredMembersOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            var property = type.Properties[i];
            if (property.Set is null)
            {
                type.Properties.RemoveAt(i);
            }
            else
            {
                property.IsRequired = false;
            }
        }
    }
}
