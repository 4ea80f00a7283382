using System.Text.Json;
using System.Text.Json.Serialization;
using Firefighter.Evidence;

namespace Firefighter.Reports;

/// <summary>Writes an <see cref="EvidenceRef"/> as <c>{source, line, field, excerpt, ref}</c> where <c>ref</c> is the compact citation; <c>ref</c> is ignored on read.</summary>
public sealed class EvidenceRefJsonConverter : JsonConverter<EvidenceRef>
{
    /// <inheritdoc />
    public override EvidenceRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An evidence reference must be an object {source, line, field, excerpt, ref}");
        }
        string? source = null, field = null, excerpt = null;
        int? line = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "source": source = reader.GetString(); break;
                case "line": line = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32(); break;
                case "field": field = reader.GetString(); break;
                case "excerpt": excerpt = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }
        return new EvidenceRef(source ?? throw new JsonException("An evidence reference needs 'source'"), line, field, excerpt);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, EvidenceRef value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("source", value.Source);
        if (value.Line is { } line)
        {
            writer.WriteNumber("line", line);
        }
        if (value.Field is not null)
        {
            writer.WriteString("field", value.Field);
        }
        if (value.Excerpt is not null)
        {
            writer.WriteString("excerpt", value.Excerpt);
        }
        writer.WriteString("ref", value.ToString());
        writer.WriteEndObject();
    }
}
