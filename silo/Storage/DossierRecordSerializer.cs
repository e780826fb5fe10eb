using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// The dossier's stored payload: the state as <see cref="JsonStateSerializer"/> writes it. The dossiers' storage sends
/// a write's projection beside it as parameters (<see cref="PostgreSqlDossierStorage"/>); through the provider's write
/// function (migration 0011), as the previous release wrote, the projection goes ahead of the state as one line of JSON
/// whose names are the columns it fills, which the function takes off. What is read back is the state alone.
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

    /// <summary>The stored payload of <paramref name="record"/>: its state alone.</summary>
    public static byte[] State(DossierRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.SerializeToUtf8Bytes(record.Dossier, JsonStateSerializer.Options);
    }

    /// <summary>The portal updates of a write as the outbox's rows in JSON, named after their columns.</summary>
    public static string PortalUpdates(ImmutableArray<PortalStep> updates) => JsonSerializer.Serialize(updates, ProjectionOptions);

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input)
    {
        if (input is not DossierRecord record)
        {
            return JsonStateSerializer.Instance.Serialize(input);
        }

        var state = State(record);
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
