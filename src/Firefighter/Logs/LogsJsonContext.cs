using System.Text.Json.Serialization;

namespace Firefighter.Logs;

/// <summary>Source-generated JSON for miner state and log diff output.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MinerState))]
[JsonSerializable(typeof(LogDiffReport))]
public sealed partial class LogsJsonContext : JsonSerializerContext;
