using System.Text.Json.Serialization;

namespace Firefighter.Reports;

/// <summary>Source-generated JSON metadata for <see cref="InvestigationReport"/>: camelCase, indented, nulls omitted, UTC ISO-8601 times (docs/report-schema.md).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(UtcDateTimeOffsetJsonConverter), typeof(EntityRefJsonConverter), typeof(EvidenceRefJsonConverter), typeof(ChartPointJsonConverter)])]
[JsonSerializable(typeof(InvestigationReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext
{
}
