using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// A <see cref="StepKind"/> in JSON: its <see cref="StepKind.Name"/> as a string, the same text the engine stored and
/// sent when a kind was a string, whatever the options (a naming policy or an enum converter does not change it).
/// </summary>
public sealed class StepKindJsonConverter : JsonConverter<StepKind>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not a string, or names no kind.</exception>
    public override StepKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A step kind is a string such as \"Forward\", not {reader.TokenType}.");
        }

        var name = reader.GetString();
        return StepKind.TryParse(name, out var kind)
            ? kind
            : throw new JsonException(StepKind.Unknown(name));
    }

    /// <inheritdoc />
    /// <exception cref="JsonException"><paramref name="value"/> is no kind (the zero value).</exception>
    public override void Write(Utf8JsonWriter writer, StepKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value == default ? throw new JsonException("A step without a kind cannot be written.") : value.Name);
}
