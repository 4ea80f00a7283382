namespace Firefighter.Evidence;

/// <summary>A Kubernetes event (core/v1 Event, or a row of <c>kubectl get events</c> / <c>describe</c> output).</summary>
/// <param name="Type">Normal or Warning.</param>
/// <param name="Reason">Short reason (<c>BackOff</c>, <c>FailedScheduling</c>, <c>OOMKilling</c>...).</param>
/// <param name="Message">The event message.</param>
/// <param name="Involved">The object the event is about.</param>
/// <param name="FirstSeen">First occurrence, when known.</param>
/// <param name="LastSeen">Last occurrence, when known.</param>
/// <param name="Count">How many times it occurred (1 when unknown).</param>
/// <param name="Ref">Where it was read.</param>
public sealed record KubeEvent(string Type, string Reason, string Message, EntityRef Involved, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, int Count, EvidenceRef Ref)
{
    /// <summary>The source component (kubelet, default-scheduler...), when known.</summary>
    public string? Component { get; init; }

    /// <summary>The part of the object the event is about (<c>spec.containers{api}</c>), when known.</summary>
    public string? FieldPath { get; init; }
}
