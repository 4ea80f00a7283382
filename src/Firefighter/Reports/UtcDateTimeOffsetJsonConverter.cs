using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firefighter.Reports;

/// <summary>Writes times as ISO-8601 UTC with a <c>Z</c> suffix (<c>2024-01-15T14:22:45Z</c>) and reads any ISO-8601 offset.</summary>
public sealed class UtcDateTimeOffsetJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
