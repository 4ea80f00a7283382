using System.Text.Json;
using System.Text.Json.Serialization;
using Firefighter.Evidence;

namespace Firefighter.Reports;

/// <summary>Writes an <see cref="EntityRef"/> as <c>{kind, namespace, name}</c>; reads that object or the <c>kind/namespace/name</c> string form.</summary>
public sealed class EntityRefJsonConverter : JsonConverter<EntityRef>
{
    /// <inheritdoc />
    public override EntityRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString() ?? "";
            return EntityRef.TryParse(text) ?? throw new JsonException($"'{text}' is not a kind/namespace/name entity");
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An entity must be an object {kind, namespace, name}");
        }
        string? kind = null, ns = null, name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "kind": kind = reader.GetString(); break;
                case "namespace": ns = reader.GetString(); break;
                case "name": name = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }
        if (kind is null || name is null)
        {
            throw new JsonException("An entity needs 'kind' and 'name'");
        }
        return new EntityRef(kind, ns, name);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, EntityRef value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", value.Kind);
        if (value.Namespace is not null)
        {
            writer.WriteString("namespace", value.Namespace);
        }
        writer.WriteString("name", value.Name);
        writer.WriteEndObject();
    }
}
