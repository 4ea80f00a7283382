using System.Text.Json.Serialization;

namespace Firefighter.Sources.Collect;

/// <summary>Source-generated JSON for the collect manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CollectManifest))]
public sealed partial class CollectJsonContext : JsonSerializerContext
{
}
