namespace Firefighter.Evidence;

/// <summary>A thing in the system that evidence is about: a pod, deployment, service, node, container...</summary>
/// <param name="Kind">Kubernetes-style kind (<c>Pod</c>, <c>Deployment</c>, <c>Service</c>, <c>Node</c>, <c>Container</c>) or <c>Host</c>/<c>Metric</c>.</param>
/// <param name="Namespace">Namespace, when the entity is namespaced.</param>
/// <param name="Name">Name of the entity; for a container, <c>pod/container</c>.</param>
public sealed record EntityRef(string Kind, string? Namespace, string Name)
{
    /// <summary>The <c>kind/namespace/name</c> form used in reports and JSON.</summary>
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary>Parses the <see cref="ToString"/> form back; returns null when it does not have two or three parts.</summary>
    public static EntityRef? TryParse(string text)
    {
        var parts = text.Split('/');
        return parts.Length switch
        {
            2 => new EntityRef(parts[0], null, parts[1]),
            3 => new EntityRef(parts[0], parts[1], parts[2]),
            _ => null,
        };
    }
}
