using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firefighter.Server;

/// <summary>An incident as listed.</summary>
public sealed record IncidentSummary(long Id, string GroupKey, string Status, string Title, string Severity, string? Service, string? TopCause,
    string? TopSignature, double? Confidence, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Investigations);

/// <summary>One timeline entry of an incident: what happened, when, by whom.</summary>
public sealed record IncidentEvent(DateTimeOffset At, string Who, string Kind, string Text);

/// <summary>An incident with its timeline, bundle and report.</summary>
public sealed record IncidentDetail(IncidentSummary Incident, string? BundlePath, IReadOnlyList<IncidentEvent> Timeline, JsonElement? Report);

/// <summary>The answer to an accepted alert post.</summary>
public sealed record AcceptedAlert(string Status, long? Job, long? Incident, bool Deduplicated, string GroupKey);

/// <summary>A status change request.</summary>
public sealed record StatusChange(string? Status, string? By, string? Note);

/// <summary>An error answer.</summary>
public sealed record ApiError(string Error);

/// <summary>A job that could not be investigated after its attempts, kept for the operator.</summary>
public sealed record FailedJob(long Id, string GroupKey, int Attempts, string? Error, DateTimeOffset ReceivedAt);

/// <summary>Source-generated JSON for the server's API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IncidentSummary))]
[JsonSerializable(typeof(IReadOnlyList<IncidentSummary>))]
[JsonSerializable(typeof(IncidentDetail))]
[JsonSerializable(typeof(AcceptedAlert))]
[JsonSerializable(typeof(StatusChange))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(IReadOnlyList<FailedJob>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ServerJsonContext : JsonSerializerContext
{
}
