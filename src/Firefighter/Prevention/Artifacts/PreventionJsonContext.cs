using System.Text.Json.Serialization;
using Firefighter.Prevention.Backtests;
using Firefighter.Reports;

namespace Firefighter.Prevention.Artifacts;

/// <summary>Source-generated JSON for the <c>ff alerts</c> results, with the same options as <see cref="CommandJsonContext"/> (which
/// cannot hold them: prevention comes after reports in the flow).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(UtcDateTimeOffsetJsonConverter)])]
[JsonSerializable(typeof(BacktestReport))]
[JsonSerializable(typeof(AlertsWritten))]
[JsonSerializable(typeof(SloRulesWritten))]
[JsonSerializable(typeof(RunbooksWritten))]
public sealed partial class PreventionJsonContext : JsonSerializerContext;
