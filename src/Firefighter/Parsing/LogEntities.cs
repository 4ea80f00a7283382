using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Tells which entity wrote a log file from its path (Kubernetes log file naming conventions, else the file stem).</summary>
public static partial class LogEntities
{
    /// <summary>The entity and container for a bundle path: <c>logs/&lt;ns&gt;_&lt;pod&gt;_&lt;container&gt;.log</c>,
    /// kubelet's <c>&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;64 hex&gt;.log</c>, <c>&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/0.log</c>; else Kind Log named by the stem.</summary>
    public static (EntityRef Entity, string? Container) FromPath(string path, string stem) => Describe(path, stem) is var d ? (d.Entity, d.Container) : default;

    /// <summary>The entity, container, and whether the file holds the previous (terminated) container's log: <c>&lt;ns&gt;_&lt;pod&gt;_&lt;container&gt;.previous.log</c>,
    /// as <c>kubectl logs --previous</c> is saved.</summary>
    public static (EntityRef Entity, string? Container, bool Previous) Describe(string path, string stem)
    {
        var parts = path.Split('/');
        var name = parts[^1];
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }
        var previous = name.EndsWith(".previous.log", StringComparison.OrdinalIgnoreCase);
        if (previous)
        {
            name = name[..^".previous.log".Length] + ".log";
            stem = stem.EndsWith(".previous", StringComparison.OrdinalIgnoreCase) ? stem[..^".previous".Length] : stem;
        }
        var m = PodLogName().Match(name);
        if (m.Success)
        {
            var a = m.Groups[1].Value;
            var b = m.Groups[2].Value;
            var c = m.Groups[3].Value;
            var withId = ContainerWithId().Match(c);
            // kubelet's /var/log/containers names put the pod first and end the container with its 64-hex id.
            return withId.Success ? (new EntityRef("Pod", b, a), withId.Groups[1].Value, previous) : (new EntityRef("Pod", a, b), c, previous);
        }
        if (parts.Length >= 4)
        {
            var dir = PodDir().Match(parts[^3]);
            if (dir.Success && RotatedNumber().IsMatch(name))
            {
                return (new EntityRef("Pod", dir.Groups[1].Value, dir.Groups[2].Value), parts[^2], previous);
            }
        }
        return (new EntityRef("Log", null, stem), null, previous);
    }

    [GeneratedRegex(@"^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)\.log$")]
    private static partial Regex PodLogName();

    [GeneratedRegex(@"^(.+)-[0-9a-f]{64}$")]
    private static partial Regex ContainerWithId();

    [GeneratedRegex(@"^([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9.-]*)_[0-9a-f-]{8,}$")]
    private static partial Regex PodDir();

    [GeneratedRegex(@"^\d+\.log(\.\d+)?$")]
    private static partial Regex RotatedNumber();
}
