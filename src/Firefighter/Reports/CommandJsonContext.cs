using System.Text.Json.Serialization;

namespace Firefighter.Reports;

/// <summary>Source-generated JSON metadata for the result records of the commands other than <c>investigate</c>: camelCase, indented,
/// nulls omitted unless a property says otherwise, UTC ISO-8601 times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(UtcDateTimeOffsetJsonConverter)])]
[JsonSerializable(typeof(KubeScanReport))]
[JsonSerializable(typeof(TraceReport))]
[JsonSerializable(typeof(MetricDetectReport))]
[JsonSerializable(typeof(MetricScreenReport))]
public sealed partial class CommandJsonContext : JsonSerializerContext
{
}
