using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Firefighter.Sources.Collect;

/// <summary>What an Alertmanager webhook (version 4) says about where to look: the namespace, the workloads named by its labels,
/// when it started and the expression that fired it.</summary>
/// <remarks>Read from the group's alerts (firing ones first; resolved ones when none fire). Never throws: a payload that is not
/// a webhook is an error from <see cref="Parse"/>.</remarks>
public sealed partial record AlertScope
{
    /// <summary>Labels that name a workload, in the order they are trusted.</summary>
    public static readonly string[] WorkloadLabels = ["pod", "deployment", "statefulset", "daemonset", "service", "app", "job_name", "container"];

    /// <summary>The group key (Alertmanager's <c>groupKey</c>).</summary>
    public string GroupKey { get; init; } = "";

    /// <summary>Group status: <c>firing</c> or <c>resolved</c>.</summary>
    public string Status { get; init; } = "firing";

    /// <summary>Alert names in the group.</summary>
    public IReadOnlyList<string> AlertNames { get; init; } = [];

    /// <summary>One-line title (the first summary annotation, else the alert names).</summary>
    public string Title { get; init; } = "";

    /// <summary>The namespace of the alerts (when they agree), else null.</summary>
    public string? Namespace { get; init; }

    /// <summary>Workload names from the labels (<c>pod</c>, <c>deployment</c>, <c>service</c>, <c>app</c>...), distinct.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>Services named by the labels.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Earliest <c>startsAt</c> of the alerts.</summary>
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>Fingerprints of the alerts (sorted), as Alertmanager computes them.</summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];

    /// <summary>The PromQL of each alert's <c>generatorURL</c> (<c>g0.expr</c>), with a trailing threshold comparison removed so the values before the alert fired are kept.</summary>
    public IReadOnlyList<(string AlertName, string Expr)> Expressions { get; init; } = [];

    /// <summary>Parses and validates a webhook body; returns the scope or a message saying which field is wrong.</summary>
    public static (AlertScope? Scope, string? Error) Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return (null, $"not JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "expected an Alertmanager webhook object");
            }
            if (Str(root, "version") is { } version && version != "4")
            {
                return (null, $"version '{version}' is not supported (Alertmanager webhook version 4 expected)");
            }
            var groupKey = Str(root, "groupKey");
            if (string.IsNullOrWhiteSpace(groupKey))
            {
                return (null, "groupKey is missing");
            }
            if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array || alerts.GetArrayLength() == 0)
            {
                return (null, "alerts must be a non-empty array");
            }
            var parsed = new List<(string Status, Dictionary<string, string> Labels, Dictionary<string, string> Annotations, DateTimeOffset StartsAt, string? Fingerprint, string? Generator)>();
            var i = 0;
            foreach (var a in alerts.EnumerateArray())
            {
                if (a.ValueKind != JsonValueKind.Object)
                {
                    return (null, $"alerts[{i}] is not an object");
                }
                var labels = Map(a, "labels");
                if (labels is null || !labels.ContainsKey("alertname"))
                {
                    return (null, $"alerts[{i}].labels must be an object with an alertname");
                }
                var startsText = Str(a, "startsAt");
                if (startsText is null || !DateTimeOffset.TryParse(startsText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var starts))
                {
                    return (null, $"alerts[{i}].startsAt is missing or not an RFC 3339 time");
                }
                var status = Str(a, "status") ?? Str(root, "status") ?? "firing";
                if (status is not ("firing" or "resolved"))
                {
                    return (null, $"alerts[{i}].status '{status}' is neither firing nor resolved");
                }
                parsed.Add((status, labels, Map(a, "annotations") ?? [], starts, Str(a, "fingerprint"), Str(a, "generatorURL")));
                i++;
            }
            var groupStatus = Str(root, "status") ?? (parsed.Any(p => p.Status == "firing") ? "firing" : "resolved");
            var relevant = parsed.Where(p => p.Status == "firing").ToList() is { Count: > 0 } firing ? firing : parsed;
            var namespaces = relevant.Select(p => p.Labels.GetValueOrDefault("namespace")).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
            var workloads = new List<string>();
            foreach (var label in WorkloadLabels)
            {
                foreach (var p in relevant)
                {
                    if (p.Labels.TryGetValue(label, out var v) && v.Length > 0 && !workloads.Contains(v, StringComparer.Ordinal))
                    {
                        workloads.Add(v);
                    }
                }
            }
            var names = relevant.Select(p => p.Labels["alertname"]).Distinct(StringComparer.Ordinal).ToList();
            var summary = relevant.Select(p => p.Annotations.GetValueOrDefault("summary")).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
            var expressions = relevant.Select(p => (p.Labels["alertname"], Expr: ExprOf(p.Generator))).Where(e => e.Expr is not null)
                .Select(e => (e.Item1, e.Expr!)).DistinctBy(e => e.Item2, StringComparer.Ordinal).ToList();
            return (new AlertScope
            {
                GroupKey = groupKey,
                Status = groupStatus,
                AlertNames = names,
                Title = summary ?? string.Join(", ", names),
                Namespace = namespaces.Count == 1 ? namespaces[0] : null,
                Workloads = workloads,
                Services = relevant.Select(p => p.Labels.GetValueOrDefault("service")).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToList()!,
                StartsAt = relevant.Min(p => p.StartsAt),
                Fingerprints = parsed.Select(p => p.Fingerprint ?? FallbackFingerprint(p.Labels)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Expressions = expressions,
            }, null);
        }
    }

    /// <summary>The expression of a Prometheus <c>generatorURL</c> (<c>g0.expr</c>) without a trailing <c>&gt; 0.05</c>-style threshold; null when there is none.</summary>
    public static string? ExprOf(string? generatorUrl)
    {
        if (string.IsNullOrEmpty(generatorUrl) || !Uri.TryCreate(generatorUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }
        foreach (var part in uri.Query.TrimStart('?').Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Uri.UnescapeDataString(part[..eq]) == "g0.expr")
            {
                var expr = Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' ')).Trim();
                var m = TrailingThreshold().Match(expr);
                return m.Success ? expr[..m.Index].Trim() : expr;
            }
        }
        return null;
    }

    // Alertmanager's fingerprint is a hash of the label set; when an old sender omits it, a stable stand-in from the sorted labels does the same job.
    private static string FallbackFingerprint(Dictionary<string, string> labels) =>
        "l:" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, string>? Map(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var m) || m.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in m.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                d[p.Name] = p.Value.GetString()!;
            }
        }
        return d;
    }

    [GeneratedRegex(@"\s*(>=|<=|==|!=|>|<)\s*(bool\s+)?[-+]?[0-9.eE+]+\s*$")]
    private static partial Regex TrailingThreshold();
}
