using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// The dossier storage's payload: the state as <see cref="JsonStateSerializer"/> writes it, preceded, in a write, by
/// the write's projection (<see cref="DossierWrite"/>) as one line of JSON whose names are the columns it fills. The
/// write query (migration 0011) takes the line off, stores the state and copies the projection into
/// <c>dossier_index</c> and <c>portal_outbox</c> in the same transaction; what is read back is the state alone.
/// </summary>
public sealed class DossierRecordSerializer : IGrainStorageSerializer
{
    /// <summary>The one instance.</summary>
    public static readonly DossierRecordSerializer Instance = new();

    /// <summary>Ends the projection's line. JSON as written here never holds a raw line feed.</summary>
    public const byte Separator = (byte)'\n';

    /// <summary>The projection's JSON: snake-case names (the columns'), enums as numbers, a duration as PostgreSQL reads one.</summary>
    public static readonly JsonSerializerOptions ProjectionOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new IntervalConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { JsonStateSerializer.StoredMembersOnly } },
    };

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input)
    {
        if (input is not DossierRecord record)
        {
            return JsonStateSerializer.Instance.Serialize(input);
        }

        var state = JsonSerializer.SerializeToUtf8Bytes(record.Dossier, JsonStateSerializer.Options);
        if (record.Write is not { } write)
        {
            return new BinaryData(state);
        }

        var projection = JsonSerializer.SerializeToUtf8Bytes(write, ProjectionOptions);
        var payload = new byte[projection.Length + 1 + state.Length];
        projection.CopyTo(payload, 0);
        payload[projection.Length] = Separator;
        state.CopyTo(payload, projection.Length + 1);
        return new BinaryData(payload);
    }

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        if (typeof(T) != typeof(DossierRecord))
        {
            return JsonStateSerializer.Instance.Deserialize<T>(input);
        }

        var payload = input.ToMemory().Span;
        var separator = payload.IndexOf(Separator);
        var state = JsonSerializer.Deserialize<DossierState>(separator < 0 ? payload : payload[(separator + 1)..], JsonStateSerializer.Options)!;
        return (T)(object)new DossierRecord { Dossier = state };
    }

    // An interval as PostgreSQL reads it: "1234567 microseconds".
    private sealed class IntervalConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A projection is written, never read.");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{value.Ticks / TimeSpan.TicksPerMicrosecond} microseconds"));
    }
}
